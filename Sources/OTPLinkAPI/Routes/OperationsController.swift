import Foundation
import Hummingbird
import LinkVerification

/// The calls operators and tools make: health, metrics, the API's own contract.
///
/// Metrics are not public: they count mails sent and codes verified, which over time would tell a
/// stranger which addresses may open a link. They are served to the admin key at
/// `GET /api/v1/admin/metrics`, and, with `--metrics-listen`, at `GET /metrics` on a listener of their own.
struct OperationsController {
    let verifier: LinkVerifier
    let metrics: ServiceMetrics
    let openAPIDocument: OpenAPIDocument

    /// Adds `GET /healthz`, `GET /readyz` and `GET /api/v1/openapi.yaml` to `router`.
    func addRoutes(to router: some RouterMethods<APIRequestContext>) {
        router.get("/healthz", use: health)
        router.get("/readyz", use: readiness)
        router.get("/api/v1/openapi.yaml", use: contract)
    }

    /// Adds `GET metrics` to `group` (the admin group, or the metrics listener's root).
    func addMetricsRoute<Context: RequestContext>(to group: some RouterMethods<Context>) {
        group.get("metrics") { _, _ in try await exposition() }
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
    @Sendable func exposition() async throws -> Response {
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
