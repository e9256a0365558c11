import HTTPTypes
import Hummingbird

/// Headers every answer carries: nothing is cached, nothing is sniffed, no referrer leaves.
///
/// `Cache-Control: no-store` keeps codes, tokens and files out of browser and proxy caches;
/// `X-Content-Type-Options: nosniff` stops a browser from rendering a downloaded file as a page.
struct ResponseHeadersMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.cacheControl] = "no-store"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}

extension HTTPField.Name {
    /// `X-Content-Type-Options`.
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    /// `Referrer-Policy`.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
