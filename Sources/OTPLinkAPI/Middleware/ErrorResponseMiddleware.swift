import Foundation
import Hummingbird
import LinkVerification
import Logging

/// Turns every error below it into a JSON error answer, so no client ever sees an empty 500.
///
/// ``APIError``s pass as they are, domain errors go through ``DomainErrorMapping``, Hummingbird's
/// own errors (unknown route, body too large, undecodable body) keep their 4xx status with a JSON
/// body. Only an error nobody expected becomes 500 `internal_error`; it is logged by type, the
/// client learns nothing more.
struct ErrorResponseMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// The routes, to answer 405 with `Allow` for a known path called with another method.
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let answer = Self.apiError(for: error, method: request.method)
            if answer.code == "not_found" {
                let allowed = routes.methods(forPath: request.uri.path)
                if !allowed.isEmpty {
                    var response = try APIError(
                        .methodNotAllowed,
                        code: "method_not_allowed",
                        message: "This address takes \(allowed.sorted().joined(separator: ", ")), not \(request.method.rawValue)."
                    ).response(from: request, context: context)
                    response.headers[.allow] = allowed.sorted().joined(separator: ", ")
                    return response
                }
            }
            if answer.status.code >= 500 {
                context.logger.error(
                    "Unexpected error",
                    metadata: ["error.type": "\(String(reflecting: type(of: error)))", "error": "\(error)"]
                )
            }
            return try answer.response(from: request, context: context)
        }
    }

    /// The answer for `error`.
    static func apiError(for error: any Error, method: HTTPRequest.Method) -> APIError {
        if let error = error as? APIError { return error }
        if let answer = DomainErrorMapping.apiError(for: error) { return answer }
        if error is LinkStoreUnavailable {
            return APIError(.serviceUnavailable, code: "storage_unavailable", message: "The service's database does not answer; try again in a moment.")
        }
        if error is DecodingError {
            return .invalidBody("The body is not the JSON this call takes.")
        }
        if let error = error as? any HTTPResponseError {
            return apiError(forStatus: error.status, method: method, message: (error as? HTTPError)?.body)
        }
        return APIError(.internalServerError, code: "internal_error", message: "The server failed to answer this call.")
    }

    private static func apiError(forStatus status: HTTPResponse.Status, method: HTTPRequest.Method, message: String?) -> APIError {
        switch status {
        case .notFound:
            return .routeNotFound(method: method)
        case .contentTooLarge:
            return APIError(.contentTooLarge, code: "body_too_large", message: "The body is larger than this call accepts.")
        case .badRequest:
            return .invalidBody(message ?? "The request is malformed.")
        case .unauthorized:
            return .unauthorized(message ?? "This call needs credentials.")
        default:
            let code = status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            return APIError(status, code: code.isEmpty ? "error" : code, message: message ?? status.reasonPhrase)
        }
    }
}
