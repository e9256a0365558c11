import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Each connection's HTTP/1.1 pipeline: Hummingbird's, with this server's handlers in their places.
///
/// From the network inwards: HTTP/1.1 decoding, ``ConnectionGuard`` (deadlines and connections per
/// client), Hummingbird's connection state (idle timeout, graceful shutdown), then, with `--public`,
/// ``SiteHitHandler``, and Hummingbird's request loop. The connection state sees every request, page
/// hits answered on the event loop included: a connection busy with hits is not idle, and a server
/// shutting down waits for their answers.
struct ServerChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let idleTimeout: Duration
    /// The handlers of one connection, outermost first, between the decoding and the connection state.
    let guards: @Sendable () -> [any RemovableChannelHandler]
    /// The handlers of one connection after the connection state.
    let inner: @Sendable () -> [any RemovableChannelHandler]

    /// The server's channels, answering with `responder`.
    static func builder(
        idleTimeout: Duration, guards: @escaping @Sendable () -> [any RemovableChannelHandler],
        inner: @escaping @Sendable () -> [any RemovableChannelHandler]
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in ServerChannel(responder: responder, idleTimeout: idleTimeout, guards: guards, inner: inner) }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            // As Hummingbird's HTTP1Channel sets it up, with its limits on a request's head: requests
            // are answered one after another by its loop, errors are its to answer, and
            // swift-http-types has validated the headers.
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = 80 * 1024
            limits.maxHeaderListSize = 80 * 1024
            limits.maxHeaderFieldCount = 1000
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandlers(guards())
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: idleTimeout, logger: logger))
            try pipeline.addHandlers(inner())
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
