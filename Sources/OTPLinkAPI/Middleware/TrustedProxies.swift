/// The reverse proxies in front of the API (`--trust-proxy CIDR[,CIDR…]`), and how the client's
/// address is read through them.
///
/// A request's client is its connection's peer, unless that peer is a trusted proxy: then the
/// `X-Forwarded-For` entries are read from the right (each proxy appends the address it received
/// from), skipping trusted proxies, and the first address that is not one is the client. An entry
/// that is not an IP address stops the walk: the client is then the last hop known for sure. So a
/// client can never choose the address it is counted under by sending its own `X-Forwarded-For`.
public struct TrustedProxies: Sendable, Equatable, CustomStringConvertible {
    let networks: [IPNetwork]

    /// No proxy is trusted: the peer is always the client.
    public static let none = TrustedProxies(networks: [])

    init(networks: [IPNetwork]) {
        self.networks = networks
    }

    /// Parses a comma-separated list of addresses and networks; throws naming the first entry that is neither.
    public init(parsing text: String) throws(TrustedProxiesError) {
        var networks: [IPNetwork] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let network = IPNetwork(entry) else { throw TrustedProxiesError(entry: entry) }
            networks.append(network)
        }
        self.networks = networks
    }

    /// Whether any proxy is trusted.
    public var isEmpty: Bool { networks.isEmpty }

    /// Whether `address` is one of the trusted proxies.
    func trusts(_ address: IPAddress) -> Bool {
        networks.contains { $0.contains(address) }
    }

    /// The client's address for a request from `peer` carrying these `X-Forwarded-For` header lines.
    func clientAddress(peer: IPAddress, forwardedFor lines: [String]) -> IPAddress {
        guard trusts(peer) else { return peer }
        let entries = lines.flatMap { $0.split(separator: ",") }
        var client = peer
        for entry in entries.reversed() {
            guard let hop = IPAddress(entry.trimmingCharacters(in: .whitespaces)) else { break }
            client = hop
            if !trusts(hop) { break }
        }
        return client
    }

    public var description: String {
        networks.map(\.description).joined(separator: ",")
    }
}

/// An entry of `--trust-proxy` that is neither an IP address nor a network.
public struct TrustedProxiesError: Error, Sendable, CustomStringConvertible {
    /// The entry as written.
    public let entry: String

    public var description: String {
        "`\(entry)` is not an IP address or network such as 10.0.0.5, 10.0.0.0/8 or 2001:db8::/32"
    }
}
