import Hummingbird
import Logging
import NIOCore

/// Where `--metrics-listen` serves `GET /metrics`: an address and port of its own, away from the public
/// listener, so only the network that can reach it (loopback by default) sees the counters.
public struct MetricsListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The host or IP address to listen on.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` or `[IPv6]:PORT`; `nil` for anything else.
    public init?(parsing text: String) {
        let host: Substring, portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace), let port = Int(portText), (0...65535).contains(port) else {
            return nil
        }
        self.host = String(host)
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The application behind `--metrics-listen`: `GET /metrics` and nothing else, run beside the API.
func buildMetricsApplication(
    address: MetricsListenAddress, operations: OperationsController, logger: Logger
) -> some ApplicationProtocol {
    let router = Router()
    operations.addMetricsRoute(to: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
        logger: logger)
}
