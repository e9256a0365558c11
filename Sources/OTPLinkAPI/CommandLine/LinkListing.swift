import Foundation
import LinkVerification

/// One row of `otplink-api link list`: what an admin needs to find a link again and see how it stands.
struct LinkListing: Equatable, Encodable {
    /// The link's id (what `link revoke`, `unlock` and `events` take).
    let id: String
    /// The shared file's name.
    let file: String
    /// The addresses it was shared with.
    let recipients: [String]
    /// When it stops opening (ISO 8601).
    let expires: String
    /// `active`, `expired`, `revoked` or `locked` (revoked wins over expired, which wins over locked).
    let state: String
    /// How many times a recipient proved their address and opened it.
    let opened: Int

    /// The row of `link` at `now`; `file` and `opened` come from the store.
    init(link: Link, file: String, opened: Int, now: Date) {
        id = link.id
        self.file = file
        recipients = link.recipients.map(\.value)
        expires = ISO8601Date.string(link.expiresAt)
        state = switch link.unavailability(at: now) {
        case .linkRevoked: "revoked"
        case .linkExpired: "expired"
        case .linkLocked: "locked"
        default: "active"
        }
        self.opened = opened
    }

    /// The rows as an aligned table with a header line (or a sentence when there are none).
    static func table(_ rows: [LinkListing]) -> String {
        guard !rows.isEmpty else { return "No links yet: `otplink-api link create` shares a file." }
        let header = ["ID", "FILE", "RECIPIENTS", "EXPIRES", "STATE", "OPENED"]
        let lines = [header] + rows.map { [$0.id, $0.file, $0.recipients.joined(separator: ","), $0.expires, $0.state, "\($0.opened)"] }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { cells in
            zip(cells, widths).enumerated().map { index, pair in
                index == cells.count - 1 ? pair.0 : pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
