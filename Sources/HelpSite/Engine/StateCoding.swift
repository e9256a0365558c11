import Foundation

/// The build state's bytes: numbers little-endian, texts and lists length-first. A reader that runs
/// out of bytes or meets an impossible length returns nil, and the state counts as lost.
struct StateWriter {
    private(set) var bytes: [UInt8] = []

    init() {}

    /// A writer with room for about `capacity` bytes.
    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func add(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func add(_ number: Int) { add(Int64(number)) }

    mutating func add(_ number: UInt64) { add(Int64(bitPattern: number)) }

    mutating func add(_ flag: Bool) { bytes.append(flag ? 1 : 0) }

    mutating func add(byte: UInt8) { bytes.append(byte) }

    /// Bytes as they are (another writer's, say).
    mutating func add(bytes more: [UInt8]) { bytes.append(contentsOf: more) }

    /// The bytes `reader` has not read yet, as they are (a record of an earlier state).
    mutating func add(unread reader: StateReader) {
        reader.withUnreadBytes { bytes.append(contentsOf: $0) }
    }

    /// A block: its length as a varint, then its bytes (read back with `StateReader.block()`).
    mutating func add(block: [UInt8]) {
        add(varint: block.count)
        bytes.append(contentsOf: block)
    }

    /// A block of the bytes `reader` has not read yet (a block of an earlier state, written back as read).
    mutating func add(block reader: StateReader) {
        add(varint: reader.unreadCount)
        add(unread: reader)
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            add(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func add(_ text: String?) {
        add(text != nil)
        if let text { add(text) }
    }

    mutating func add(_ number: Int?) {
        add(number != nil)
        if let number { add(number) }
    }

    mutating func add(_ digest: ContentDigest) {
        add(digest.high)
        add(digest.low)
    }

    mutating func add(_ stamp: FileStamp) {
        add(stamp.inode)
        add(stamp.size)
        add(stamp.modified)
        add(stamp.changed)
    }
}

/// Reads what `StateWriter` wrote, from an array or a file mapped into memory; readers cut from
/// one (`reader(count:)`) share its bytes.
struct StateReader: Sendable {
    private let storage: StateBytes
    private var position: Int
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.init(StateBytes(bytes))
    }

    /// Reads all of `storage`.
    init(_ storage: StateBytes) {
        self.storage = storage
        position = 0
        end = storage.buffer.count
    }

    private init(storage: StateBytes, range: Range<Int>) {
        self.storage = storage
        position = range.lowerBound
        end = range.upperBound
    }

    /// True once every byte was read.
    var isAtEnd: Bool { position == end }

    /// What `read` reads, with a reader of exactly the bytes it read.
    mutating func recording<Value>(_ read: (inout StateReader) -> Value?) -> (value: Value, bytes: StateReader)? {
        let start = position
        guard let value = read(&self) else { return nil }
        return (value, StateReader(storage: storage, range: start..<position))
    }

    /// How many bytes are not read yet.
    var unreadCount: Int { end - position }

    /// The next block (`StateWriter.add(block:)`), which this reader skips; nil when its length is wrong.
    mutating func block() -> StateReader? {
        guard let length = varint() else { return nil }
        return reader(count: length)
    }

    /// Hands the bytes not read yet to `body`, without copying them.
    func withUnreadBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        body(UnsafeRawBufferPointer(rebasing: storage.buffer[position..<end]))
    }

    /// A reader of the next `count` bytes, which this one skips.
    mutating func reader(count: Int) -> StateReader? {
        guard count >= 0, end - position >= count else { return nil }
        defer { position += count }
        return StateReader(storage: storage, range: position..<position + count)
    }

    /// The next `count` bytes as they are, valid while `storage` lives.
    private mutating func bytes(count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, end - position >= count else { return nil }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: storage.buffer[position..<position + count])
    }

    mutating func int64() -> Int64? {
        guard end - position >= 8 else { return nil }
        var value: Int64 = 0
        for offset in (0..<8).reversed() { value = value << 8 | Int64(storage.buffer[position + offset]) }
        position += 8
        return value
    }

    mutating func int() -> Int? { int64().map(Int.init) }

    mutating func uint64() -> UInt64? { int64().map { UInt64(bitPattern: $0) } }

    mutating func byte() -> UInt8? {
        guard position < end else { return nil }
        position += 1
        return storage.buffer[position - 1]
    }

    mutating func bool() -> Bool? {
        guard let byte = byte(), byte <= 1 else { return nil }
        return byte == 1
    }

    mutating func string() -> String? {
        guard let count = int() else { return nil }
        return bytes(count: count).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A count of things that follow, each at least one byte long.
    mutating func count() -> Int? {
        guard let count = int(), count >= 0, count <= end - position else { return nil }
        return count
    }

    /// An optional text: `.some(nil)` when none was written, nil when the bytes are wrong.
    mutating func optionalString() -> String?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        return string().map { .some($0) }
    }

    /// An optional number: `.some(nil)` when none was written, nil when the bytes are wrong.
    mutating func optionalInt() -> Int?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        return int().map { .some($0) }
    }

    mutating func digest() -> ContentDigest? {
        guard let high = uint64(), let low = uint64() else { return nil }
        return ContentDigest(high: high, low: low)
    }

    mutating func stamp() -> FileStamp? {
        guard let inode = uint64(), let size = int64(), let modified = int64(), let changed = int64() else { return nil }
        return FileStamp(inode: inode, size: size, modified: modified, changed: changed)
    }
}

extension StateWriter {
    /// A non-negative number in as few bytes as it needs (7 bits a byte, low bits first).
    mutating func add(varint number: Int) {
        var rest = UInt64(number)
        while rest >= 0x80 {
            add(byte: UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        add(byte: UInt8(rest))
    }
}

extension StateReader {
    /// A number written by `add(varint:)`.
    mutating func varint() -> Int? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = byte() {
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value <= UInt64(Int.max) ? Int(value) : nil }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }
}

extension StateWriter {
    /// A short text, its length as a varint.
    mutating func add(shortText text: String) {
        var text = text
        text.withUTF8 { add(shortUTF8: $0) }
    }

    /// A search key as `add(shortText: key.text)` writes it, without making the text.
    mutating func add(shortText key: SearchKey) {
        key.withUTF8 { add(shortUTF8: $0) }
    }

    private mutating func add(shortUTF8 utf8: UnsafeBufferPointer<UInt8>) {
        add(varint: utf8.count)
        bytes.append(contentsOf: utf8)
    }
}

extension StateReader {
    /// A text written by `add(shortText:)`.
    mutating func shortText() -> String? {
        guard let count = varint() else { return nil }
        return bytes(count: count).map { String(decoding: $0, as: UTF8.self) }
    }
}
