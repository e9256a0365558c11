import Foundation
import NIOCore

/// Counts the replies that have arrived on a connection, as the event loop decodes them.
///
/// A step's timer asks it whether the awaited reply is already here: when the client's own tasks were
/// too busy to read it in time, the server answered and must not be blamed for a timeout.
final class SMTPReplyTally: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = SMTPReply
    typealias InboundOut = SMTPReply

    private let lock = NSLock()
    private var count = 0

    /// How many replies have arrived so far.
    var arrived: Int { lock.withLock { count } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lock.withLock { count += 1 }
        context.fireChannelRead(data)
    }
}
