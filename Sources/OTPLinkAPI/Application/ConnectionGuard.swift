import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Bounds what one connection can hold, whatever its client sends.
///
/// - A request must arrive whole — head and body — within its deadline (``ConnectionLimits/requestTimeout``
///   from the moment the connection is ready for it: opened, or the previous answer sent; once its head is
///   in, ``ConnectionLimits/uploadTimeout`` for `POST /api/v1/admin/files`) or the connection is closed.
///   The idle timeout alone never fires on a client that sends a byte every few seconds.
/// - When the answer is complete while the request's body is still arriving (a handler that did not need
///   the body, an error, a 408), the connection is closed instead of draining the rest at the client's pace.
/// - A client address may hold at most ``ConnectionLimits/connectionsPerClient`` connections at once;
///   trusted proxies are exempt (every client behind them shares their address).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ConnectionLimits
    private let registry: ConnectionRegistry
    private var registeredAddress: String?
    /// Whether a request is expected or arriving and has not arrived whole.
    private var receiving = false
    /// Requests that arrived whole, and answers sent whole, on this connection.
    private var received = 0, answered = 0
    private var deadline: Scheduled<Void>?

    init(limits: ConnectionLimits, registry: ConnectionRegistry) {
        self.limits = limits
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { register(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        register(context)
        context.fireChannelActive()
    }

    /// Starts the clock for the request expected next: it must have arrived whole within `timeout`.
    private func expectRequest(_ context: ChannelHandlerContext, within timeout: TimeAmount) {
        receiving = true
        deadline?.cancel()
        let channel = context.channel
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            guard handler.value.receiving else { return }
            channel.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if head.method == .post && head.path?.hasPrefix("/api/v1/admin/files") == true {
                expectRequest(context, within: limits.uploadTimeout)
            } else {
                receiving = true
            }
        case .body:
            break
        case .end:
            received += 1
            receiving = false
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        answered += 1
        guard answered > received else {
            // Answered: the next request's clock starts now (an idle client is the idle timeout's).
            context.write(data, promise: promise)
            expectRequest(context, within: limits.requestTimeout)
            return
        }
        // The answer is complete but the request is not: do not wait for the rest of its body.
        let channel = context.channel
        let written = promise ?? context.eventLoop.makePromise()
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        context.write(data, promise: written)
    }

    private func register(_ context: ChannelHandlerContext) {
        guard registeredAddress == nil, let address = context.channel.remoteAddress?.ipAddress else { return }
        registeredAddress = address
        expectRequest(context, within: limits.requestTimeout)
        if !registry.open(address) {
            context.close(promise: nil)
        }
    }

    private func release() {
        deadline?.cancel()
        deadline = nil
        if let address = registeredAddress {
            registry.close(address)
            registeredAddress = nil
        }
    }
}

/// How long a request may take to arrive and how many connections a client may hold.
public struct ConnectionLimits: Sendable, Equatable {
    /// The longest a request's head and body may take to arrive (``APIConfiguration/Defaults/requestTimeoutSeconds``).
    public var requestTimeout: TimeAmount
    /// The same for `POST /api/v1/admin/files` (large uploads over slow links). Default 1 hour.
    public var uploadTimeout: TimeAmount
    /// The most connections one client address may hold at once (``APIConfiguration/Defaults/connectionsPerClient``).
    public var connectionsPerClient: Int

    /// Creates limits; the defaults suit browsers (at most 6 connections a host) behind a shared address.
    public init(
        requestTimeout: TimeAmount = .seconds(Int64(APIConfiguration.Defaults.requestTimeoutSeconds)), uploadTimeout: TimeAmount = .hours(1),
        connectionsPerClient: Int = APIConfiguration.Defaults.connectionsPerClient
    ) {
        self.requestTimeout = requestTimeout
        self.uploadTimeout = uploadTimeout
        self.connectionsPerClient = connectionsPerClient
    }
}

/// The connections open per client address, shared by every connection's ``ConnectionGuard``.
final class ConnectionRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var open: [String: Int] = [:]
    private let limit: Int
    private let exempt: @Sendable (String) -> Bool

    /// Allows `limit` connections per address, except for addresses `exempt` accepts.
    init(limit: Int, exempt: @escaping @Sendable (String) -> Bool) {
        self.limit = limit
        self.exempt = exempt
    }

    /// Counts a new connection from `address`; false when it is one too many (it must be closed).
    func open(_ address: String) -> Bool {
        let key = IPAddress(address)?.clientKey ?? address
        let count = lock.withLock {
            open[key, default: 0] += 1
            return open[key]!
        }
        return count <= limit || exempt(address)
    }

    /// Counts a connection from `address` closed.
    func close(_ address: String) {
        let key = IPAddress(address)?.clientKey ?? address
        lock.withLock {
            let count = (open[key] ?? 1) - 1
            open[key] = count > 0 ? count : nil
        }
    }

    /// How many connections `address` holds now.
    func count(_ address: String) -> Int {
        lock.withLock { open[IPAddress(address)?.clientKey ?? address] ?? 0 }
    }
}
