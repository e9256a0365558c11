import Foundation
import Hummingbird
import LinkVerification

/// The calls operators and tools make: health, metrics, the API's own contract.
struct OperationsController {
    let verifier: LinkVerifier
    let metrics: ServiceMetrics
    let openAPIDocument: OpenAPIDocument

    /// Adds `GET /healthz`, `GET /readyz`, `GET /metrics` and `GET /api/v1/openapi.yaml` to `router`.
    func addRoutes(to router: some RouterMethods<APIRequestContext>) {
        router.get("/healthz", use: health)
        router.get("/readyz", use: readiness)
        router.get("/metrics", use: exposition)
        router.get("/api/v1/openapi.yaml", use: contract)
    }

    /// `GET /healthz`: 200 `{"status":"ok"}` while the server answers (liveness; touches nothing else).
    @Sendable func health(_ request: Request, context: APIRequestContext) async throws -> Response {
        textResponse(#"{"status":"ok"}"#, contentType: "application/json; charset=utf-8")
    }

    /// `GET /readyz`: 200 `{"status":"ok"}` when the database answers too; 503 `storage_unavailable`
    /// when it does not, so a load balancer stops sending recipients to this instance.
    @Sendable func readiness(_ request: Request, context: APIRequestContext) async throws -> Response {
        do {
            try await verifier.checkStorage()
        } catch {
            context.logger.error("Readiness: storage unavailable", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            throw APIError(.serviceUnavailable, code: "storage_unavailable", message: "The service's database does not answer.")
        }
        return textResponse(#"{"status":"ok"}"#, contentType: "application/json; charset=utf-8")
    }

    /// `GET /metrics`: the counters in Prometheus' text format, with the mail queue's size read at scrape time.
    @Sendable func exposition(_ request: Request, context: APIRequestContext) async throws -> Response {
        if let status = try? await verifier.mailQueueStatus() {
            metrics.mailQueue(status)
        }
        return textResponse(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
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
