#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, parsed strictly (`inet_pton`): anything else is not an address.
///
/// IPv4 addresses are kept as IPv4-mapped IPv6 (`::ffff:a.b.c.d`), so one comparison covers both.
struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The 16 bytes of the (mapped) IPv6 address.
    let bytes: [UInt8]
    /// Whether the text was an IPv4 address.
    let isIPv4: Bool

    /// Parses `text` (`192.0.2.7`, `2001:db8::1`, `::ffff:192.0.2.7`); `nil` for anything else.
    init?(_ text: some StringProtocol) {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        let string = String(text)
        var v4 = in_addr()
        if inet_pton(AF_INET, string, &v4) == 1 {
            let value = withUnsafeBytes(of: &v4) { Array($0) }
            self.bytes = Array(repeating: 0, count: 10) + [0xff, 0xff] + value
            self.isIPv4 = true
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, string, &v6) == 1 else { return nil }
        let value = withUnsafeBytes(of: &v6) { Array($0) }
        let mapped = value[0..<10].allSatisfy { $0 == 0 } && value[10] == 0xff && value[11] == 0xff
        self.bytes = value
        self.isIPv4 = mapped
    }

    /// The key a per-client limit counts under: the address itself for IPv4, its /64 network for IPv6
    /// (one subscriber usually holds a whole /64, so counting single IPv6 addresses would give them
    /// 2^64 buckets).
    var clientKey: String {
        if isIPv4 { return description }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }

    var description: String {
        if isIPv4 { return bytes[12...].map(String.init).joined(separator: ".") }
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A network: an address and a prefix length (`10.0.0.0/8`, `2001:db8::/32`; a bare address is one host).
struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    let address: IPAddress
    /// The prefix length in bits of the 128-bit (mapped) address.
    let prefixLength: Int

    /// Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address; `nil` for anything else.
    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0].trimmingCharacters(in: .whitespaces)) else { return nil }
        let maximum = address.isIPv4 ? 32 : 128
        var length = maximum
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maximum).contains(value) else { return nil }
            length = value
        }
        self.address = address
        self.prefixLength = address.isIPv4 ? 96 + length : length
    }

    /// Whether `candidate` lies in this network.
    func contains(_ candidate: IPAddress) -> Bool {
        var remaining = prefixLength
        for index in 0..<16 where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            if address.bytes[index] & mask != candidate.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    var description: String {
        "\(address)/\(address.isIPv4 ? prefixLength - 96 : prefixLength)"
    }
}
