import Hummingbird
import NIOCore

/// The request context of every call: Hummingbird's core storage plus the peer's address.
///
/// The peer address comes from the connection; whether `X-Forwarded-For` may replace it is
/// decided by ``ClientAddressResolver`` from the configuration, not here.
public struct APIRequestContext: RequestContext {
    /// Hummingbird's storage: logger, route parameters, the matched route pattern.
    public var coreContext: CoreRequestContextStorage
    /// The IP address of the connection's peer, or `nil` when there is no socket (router tests).
    public let peerAddress: String?
    /// The client address the limiter and the audit trail use, set by ``ClientAddressMiddleware``.
    public var clientAddress: String

    /// Creates the context of a request arriving on `source.channel`.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress
        self.clientAddress = self.peerAddress ?? "unknown"
    }

    /// The largest body any decoding through Hummingbird may collect.
    ///
    /// Public JSON bodies are capped lower by ``JSONBody``; admin uploads by their own setting.
    public var maxUploadSize: Int { 16 * 1024 }
}
