import Foundation

/// The pixel size of an image, read from its header: PNG, JPEG, GIF, WebP and SVG (its `width` and
/// `height`, else its `viewBox`). Nothing is decoded; a file that is none of these, or whose header is
/// cut short, has no size.
struct ImageSize: Sendable, Equatable {
    let width: Int
    let height: Int

    /// The size of the image in `data`, or nil when it is not a PNG, JPEG, GIF, WebP or SVG image.
    static func read(_ data: Data) -> ImageSize? {
        let bytes = [UInt8](data.prefix(64 * 1024))
        let size = png(bytes) ?? gif(bytes) ?? jpeg([UInt8](data)) ?? webP(bytes) ?? svg(bytes)
        guard let size, size.width > 0, size.height > 0 else { return nil }
        return size
    }

    /// The width and height of the IHDR chunk, which comes first.
    static func png(_ bytes: [UInt8]) -> ImageSize? {
        guard bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
              bytes[12..<16].elementsEqual("IHDR".utf8)
        else { return nil }
        return ImageSize(width: bigEndian(bytes, at: 16, count: 4), height: bigEndian(bytes, at: 20, count: 4))
    }

    /// The logical screen size after the `GIF87a`/`GIF89a` signature.
    static func gif(_ bytes: [UInt8]) -> ImageSize? {
        guard bytes.count >= 10, bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) else { return nil }
        return ImageSize(width: littleEndian(bytes, at: 6, count: 2), height: littleEndian(bytes, at: 8, count: 2))
    }

    /// The size in the first start-of-frame segment, found by walking the segments after SOI; width and
    /// height swapped when the Exif orientation turns the picture a quarter (as browsers show it).
    static func jpeg(_ bytes: [UInt8]) -> ImageSize? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var index = 2
        var turned = false
        while index + 3 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF { index += 1; continue }  // fill byte
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { index += 2; continue }  // no length
            let length = bigEndian(bytes, at: index + 2, count: 2)
            let isFrame = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
            if isFrame {
                guard index + 9 <= bytes.count else { return nil }
                let width = bigEndian(bytes, at: index + 7, count: 2), height = bigEndian(bytes, at: index + 5, count: 2)
                return turned ? ImageSize(width: height, height: width) : ImageSize(width: width, height: height)
            }
            if marker == 0xE1, index + 2 + length <= bytes.count {
                turned = (5...8).contains(exifOrientation(bytes[(index + 4)..<(index + 2 + length)]) ?? 1)
            }
            guard length >= 2 else { return nil }
            index += 2 + length
        }
        return nil
    }

    /// The orientation tag (0x0112) of the first image directory of an Exif segment's data, if any.
    private static func exifOrientation(_ segment: ArraySlice<UInt8>) -> Int? {
        let data = Array(segment)
        guard data.count >= 14, data.starts(with: Array("Exif".utf8) + [0, 0]) else { return nil }
        let tiff = 6
        let little = data[tiff] == UInt8(ascii: "I")
        func read(_ offset: Int, _ count: Int) -> Int? {
            guard offset >= tiff, offset + count <= data.count else { return nil }
            return little ? littleEndian(data, at: offset, count: count) : bigEndian(data, at: offset, count: count)
        }
        guard let directory = read(tiff + 4, 4).map({ tiff + $0 }), let entries = read(directory, 2) else { return nil }
        for entry in 0..<min(entries, 512) {
            let start = directory + 2 + entry * 12
            guard let tag = read(start, 2) else { return nil }
            if tag == 0x0112 { return read(start + 8, 2) }
        }
        return nil
    }

    /// The canvas of a `VP8X` file, or the frame size of a lossy (`VP8 `) or lossless (`VP8L`) one.
    static func webP(_ bytes: [UInt8]) -> ImageSize? {
        guard bytes.count >= 30, bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WEBP".utf8) else { return nil }
        switch String(decoding: bytes[12..<16], as: UTF8.self) {
        case "VP8X":
            return ImageSize(width: littleEndian(bytes, at: 24, count: 3) + 1, height: littleEndian(bytes, at: 27, count: 3) + 1)
        case "VP8L":
            guard bytes[20] == 0x2F else { return nil }
            let bits = littleEndian(bytes, at: 21, count: 4)
            return ImageSize(width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8 ":
            guard bytes[23...25].elementsEqual([0x9D, 0x01, 0x2A]) else { return nil }
            return ImageSize(width: littleEndian(bytes, at: 26, count: 2) & 0x3FFF, height: littleEndian(bytes, at: 28, count: 2) & 0x3FFF)
        default:
            return nil
        }
    }

    /// The `width` and `height` of the root `<svg>` element in pixels (unitless or `px`), else the size
    /// of its `viewBox`.
    static func svg(_ bytes: [UInt8]) -> ImageSize? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let open = text.range(of: "<svg"), let close = text[open.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = String(text[open.upperBound..<close])
        func attribute(_ name: String) -> String? {
            guard let match = tag.range(of: "(^|\\s)\(name)\\s*=\\s*(\"[^\"]*\"|'[^']*')", options: .regularExpression) else { return nil }
            let value = tag[match].drop { $0 != "\"" && $0 != "'" }
            return String(value.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }
        func pixels(_ value: String?) -> Int? {
            guard var value else { return nil }
            if value.hasSuffix("px") { value.removeLast(2) }
            return Double(value).map { Int($0.rounded()) }
        }
        if let width = pixels(attribute("width")), let height = pixels(attribute("height")) {
            return ImageSize(width: width, height: height)
        }
        let box = attribute("viewBox")?.split { $0 == " " || $0 == "," }.compactMap { Double($0) } ?? []
        guard box.count == 4 else { return nil }
        return ImageSize(width: Int(box[2].rounded()), height: Int(box[3].rounded()))
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int {
        bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func littleEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int {
        bytes[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }
}
