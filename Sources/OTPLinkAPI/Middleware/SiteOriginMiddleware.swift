import Foundation
import Hummingbird

/// CORS for the help center: only the site's origin (and the API's own) may call from a browser.
///
/// - No `Origin` header (curl, scripts, same-origin GETs): the call goes ahead untouched.
/// - `Origin` is the site's or the API's own: the call goes ahead; the site's origin gets
///   `Access-Control-Allow-Origin` and `Vary: Origin`; preflights (`OPTIONS`) get 204.
/// - Any other origin: 403 `origin_not_allowed`, before the call does anything, so a foreign page
///   cannot even start a challenge with a "simple" request that needs no preflight.
struct SiteOriginMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let siteOrigin: SiteOrigin

    init(siteURL: URL) {
        self.siteOrigin = SiteOrigin(url: siteURL)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let originHeader = request.headers[.origin] else {
            return try await next(request, context)
        }
        let origin = SiteOrigin(header: originHeader)
        let isSite = origin == siteOrigin
        guard isSite || isOwnOrigin(origin, of: request) else {
            let error = APIError(
                .forbidden,
                code: "origin_not_allowed",
                message: "Calls from the web page at \(originHeader) are not allowed; only \(siteOrigin) may call this API."
            )
            return try error.response(from: request, context: context)
        }
        if request.method == .options {
            var headers = HTTPFields()
            headers[.accessControlAllowMethods] = "GET, POST, PUT, DELETE, OPTIONS"
            headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
            headers[.accessControlMaxAge] = "600"
            if isSite { addAllowOrigin(to: &headers) }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if isSite {
            addAllowOrigin(to: &response.headers)
            response.headers[.accessControlExposeHeaders] = "Retry-After, Content-Disposition"
        }
        return response
    }

    private func addAllowOrigin(to headers: inout HTTPFields) {
        headers[.accessControlAllowOrigin] = siteOrigin.description
        headers[values: .vary].append("Origin")
    }

    /// Whether `origin` names the host the request was sent to (a same-origin call).
    private func isOwnOrigin(_ origin: SiteOrigin?, of request: Request) -> Bool {
        guard let origin, let authority = request.head.authority else { return false }
        let defaultPort = origin.scheme == "https" ? 443 : 80
        let ownHost = authority.lowercased()
        return ownHost == origin.host + ":\(origin.port ?? defaultPort)"
            || (origin.port == nil && ownHost == origin.host)
    }
}
