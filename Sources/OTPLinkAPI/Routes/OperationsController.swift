import Foundation
import Hummingbird

/// The calls operators and tools make: liveness, metrics, the API's own contract.
struct OperationsController {
    let metrics: ServiceMetrics
    let openAPIDocument: OpenAPIDocument

    /// Adds `GET /healthz`, `GET /metrics` and `GET /api/v1/openapi.yaml` to `router`.
    func addRoutes(to router: some RouterMethods<APIRequestContext>) {
        router.get("/healthz", use: health)
        router.get("/metrics", use: exposition)
        router.get("/api/v1/openapi.yaml", use: contract)
    }

    /// `GET /healthz`: 200 `{"status":"ok"}` while the server answers.
    @Sendable func health(_ request: Request, context: APIRequestContext) async throws -> Response {
        textResponse(#"{"status":"ok"}"#, contentType: "application/json; charset=utf-8")
    }

    /// `GET /metrics`: the counters in Prometheus' text format.
    @Sendable func exposition(_ request: Request, context: APIRequestContext) async throws -> Response {
        textResponse(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }

    /// `GET /api/v1/openapi.yaml`: the OpenAPI 3.1 document of this API.
    @Sendable func contract(_ request: Request, context: APIRequestContext) async throws -> Response {
        textResponse(openAPIDocument.yaml, contentType: "application/yaml; charset=utf-8")
    }

    private func textResponse(_ text: String, contentType: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: contentType],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
