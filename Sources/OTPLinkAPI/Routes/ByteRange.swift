import Hummingbird

/// The part of a file a download asks for with `Range: bytes=…` (RFC 9110 §14), resolved against its size.
///
/// One range is served as 206 Partial Content; a header that is not one byte range (several ranges,
/// other units, garbage) is ignored and the whole file is sent, as RFC 9110 allows. A range that starts
/// past the end is refused with 416 and `Content-Range: bytes */size`.
enum ByteRange {
    /// The whole file (no usable `Range`).
    case whole
    /// This part of the file.
    case partial(Range<Int>)

    /// Resolves the `Range` header `value` against a file of `size` bytes.
    ///
    /// Throws a 416 ``APIError`` when the range cannot be satisfied.
    static func resolve(_ value: String?, size: Int) throws -> ByteRange {
        guard let value, value.hasPrefix("bytes="), !value.contains(",") else { return .whole }
        let spec = value.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        guard first.allSatisfy(\.isASCIIDigit), last.allSatisfy(\.isASCIIDigit), first.count <= 18, last.count <= 18 else {
            return .whole
        }
        let range: Range<Int>
        switch (Int(first), Int(last)) {
        case (let start?, let end?):
            guard start <= end else { return .whole }
            guard start < size else { throw unsatisfiable(size: size) }
            range = start..<(min(end, size - 1) + 1)
        case (let start?, nil):
            guard start < size else { throw unsatisfiable(size: size) }
            range = start..<size
        case (nil, let suffix?):
            guard suffix > 0, size > 0 else { throw unsatisfiable(size: size) }
            range = max(0, size - suffix)..<size
        case (nil, nil):
            return .whole
        }
        return .partial(range)
    }

    private static func unsatisfiable(size: Int) -> APIError {
        APIError(
            .rangeNotSatisfiable, code: "range_not_satisfiable",
            message: "The requested range is outside the file, which has \(size) bytes.",
            headers: [.contentRange: "bytes */\(size)"])
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
