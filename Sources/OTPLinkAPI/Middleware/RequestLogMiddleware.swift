import Hummingbird
import Logging

/// Logs one line per answered request and counts it in ``ServiceMetrics``.
///
/// The line names the route pattern (`/api/v1/links/{token}`), never the path itself: link
/// tokens travel in paths. No header, query or body is logged, so no code, token or admin key.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let duration = start.duration(to: .now)
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route, method: request.method.rawValue, status: Int(response.status.code), duration: duration)
        context.logger.info("request", metadata: Self.metadata(request, route: route, status: response.status, duration: duration, context: context))
        return response
    }

    /// What a request line says: method, route pattern, status, duration and client address.
    static func metadata(_ request: Request, route: String, status: HTTPResponse.Status, duration: Duration, context: Context) -> Logger.Metadata {
        [
            "http.method": .string(request.method.rawValue),
            "http.route": .string(route),
            "http.status": .stringConvertible(status.code),
            "http.duration_ms": .stringConvertible(duration.nanoseconds / 1_000_000),
            "client.address": .string(context.clientAddress),
        ]
    }
}
