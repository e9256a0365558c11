import Hummingbird

/// Answers 421 `misdirected_request` to a request for a host that is not the site's.
///
/// With `--site-url` set, the API and the pages it serves answer only to the names they are published
/// under (the site URL's host, and `--allowed-host` names). A page on another name that resolves to
/// this server (DNS rebinding of an intranet deployment) then gets nothing. A host given as an IP
/// address (`127.0.0.1:8080`, `[::1]:8080`) is accepted: rebinding needs a name, and operators and
/// load balancers call servers by address.
struct HostCheckMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// The accepted `Host` values, lowercase, with and without the scheme's default port.
    let allowed: Set<String>

    /// Accepts `hosts` (`help.example.com`, `help.example.com:8443`); `defaultPort` is the site's scheme's.
    init(hosts: [String], defaultPort: Int) {
        var allowed = Set<String>()
        for host in hosts.map({ $0.lowercased() }) {
            allowed.insert(host)
            if host.hasSuffix(":\(defaultPort)") {
                allowed.insert(String(host.dropLast(":\(defaultPort)".count)))
            } else if !host.hasSuffix("]"), !host.contains(":") || host.hasPrefix("[") {
                allowed.insert("\(host):\(defaultPort)")
            }
        }
        self.allowed = allowed
    }

    /// The check `configuration` asks for: nil when it names no allowed host (every host is accepted).
    init?(_ configuration: APIConfiguration) {
        guard !configuration.allowedHosts.isEmpty else { return nil }
        self.init(hosts: configuration.allowedHosts, defaultPort: configuration.siteURL.scheme == "https" ? 443 : 80)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard accepts(request.head) else {
            let error = APIError(
                .misdirectedRequest, code: "misdirected_request",
                message: "This server does not answer for the host \(request.head.authority.map { "`\($0)`" } ?? "(none)").")
            var response = try error.response(from: request, context: context)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        return try await next(request, context)
    }

    /// Whether the request with `head` names one of the site's host names (or an IP address).
    func accepts(_ head: HTTPRequest) -> Bool {
        guard let host = head.authority?.lowercased() else { return false }
        return allowed.contains(host) || Self.isAddress(host)
    }

    /// Whether `authority` is an IP address with an optional port (`192.0.2.1`, `192.0.2.1:80`, `[2001:db8::1]:80`).
    static func isAddress(_ authority: String) -> Bool {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return IPAddress(authority[authority.index(after: authority.startIndex)..<close]) != nil
        }
        let host = authority.split(separator: ":", maxSplits: 1).first ?? ""
        return IPAddress(host) != nil && !host.contains(":")
    }
}
