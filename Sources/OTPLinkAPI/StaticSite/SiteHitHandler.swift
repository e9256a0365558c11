import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// Answers page hits (``SiteHits``) on the connection's event loop, as the request arrives: no hop to
/// Swift's task pool and back, no per-request logger, no router. Whatever is not a hit is passed on to
/// Hummingbird unchanged. It sits after the connection state (``ServerChannel``), which so sees hits
/// as it sees every request.
///
/// Answers leave in the order their requests came: a hit is answered here only while no request passed
/// on is still waiting for its answer (a client that pipelines gets the rest answered in turn by
/// Hummingbird, whose ``StaticSiteHitMiddleware`` answers the hits among them alike). A request that
/// asks for its connection to end (a `Connection` header) is passed on too, so the connection's life is
/// Hummingbird's alone.
final class SiteHitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let hits: SiteHits
    private let logger: Logger
    /// Requests passed on whose answers have not been written whole.
    private var waiting = 0
    /// The hit being received (its head is in, its end not yet), and when it began.
    private var hit: (head: HTTPRequest, answer: ServedFile.Answer, start: ContinuousClock.Instant)?
    private var date = HTTPDate()

    init(hits: SiteHits, logger: Logger) {
        self.hits = hits
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let start = ContinuousClock.now
            if waiting == 0, head.headerFields[.connection] == nil, let answer = hits.answer(head) {
                hit = (head, answer, start)
                return
            }
            waiting += 1
        case .body:
            if hit != nil { return }
        case .end:
            if let (head, answer, start) = hit {
                hit = nil
                send(answer, context: context)
                let duration = start.duration(to: .now)
                hits.count(answer, to: head, duration: duration)
                logger.debug("request", metadata: [
                    "http.method": .string(head.method.rawValue), "http.route": .string(ServedSite.route),
                    "http.status": .stringConvertible(answer.status.code), "http.duration_ms": .stringConvertible(duration.nanoseconds / 1_000_000),
                ])
                return
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // An answer Hummingbird writes without a request passed on (a 400 to a head that did not parse)
        // leaves nothing waiting.
        if case .end = unwrapOutboundIn(data) { waiting = max(0, waiting - 1) }
        context.write(data, promise: promise)
    }

    private func send(_ answer: ServedFile.Answer, context: ChannelHandlerContext) {
        var headers = answer.headers
        headers[.date] = date.now()
        context.write(wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: headers))), promise: nil)
        if let body = answer.body {
            context.write(wrapOutboundOut(.body(body)), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
