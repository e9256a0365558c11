/// Who made a call, as far as the HTTP layer can tell: kept in audit events.
public struct ClientInfo: Sendable, Equatable {
    /// The client's IP address, if known.
    public var ipAddress: String?

    /// Creates client information.
    public init(ipAddress: String? = nil) {
        self.ipAddress = ipAddress
    }

    /// A call with no client information (an admin command run locally, a test).
    public static let unknown = ClientInfo()
}
