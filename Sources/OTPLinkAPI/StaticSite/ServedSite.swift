import Foundation
import NIOConcurrencyHelpers

/// The site `serve --public` answers from: a `SiteSnapshot` in memory, replaced whole when a new
/// build of the folder is noticed.
///
/// Requests look at the folder at most once per `checkInterval`, off their own path (a detached
/// task): when its signature changed, the folder is read into a new snapshot, and requests use the
/// new one from then on. A request never sees half of a reload.
final class ServedSite: Sendable {
    let folder: URL
    let policy: SiteResponseHeaders
    let checkInterval: Duration
    private let current: NIOLockedValueBox<SiteSnapshot>
    private let check: NIOLockedValueBox<(last: ContinuousClock.Instant, running: Bool)>

    /// Reads `folder` now.
    init(folder: URL, policy: SiteResponseHeaders, checkInterval: Duration = .seconds(1)) {
        self.folder = folder
        self.policy = policy
        self.checkInterval = checkInterval
        current = NIOLockedValueBox(SiteSnapshot.load(folder: folder, policy: policy))
        check = NIOLockedValueBox((ContinuousClock.now, false))
    }

    /// The snapshot to answer a request from; starts a look at the folder when one is due.
    var snapshot: SiteSnapshot {
        let now = ContinuousClock.now
        let due = check.withLockedValue { state -> Bool in
            guard !state.running, now - state.last >= checkInterval else { return false }
            state = (now, true)
            return true
        }
        if due {
            Task.detached { [self] in
                reloadIfChanged()
                check.withLockedValue { $0 = (ContinuousClock.now, false) }
            }
        }
        return current.withLockedValue { $0 }
    }

    /// Reads the folder again when its signature changed; true when the snapshot was replaced.
    @discardableResult
    func reloadIfChanged() -> Bool {
        let signature = SiteSnapshot.signature(of: folder)
        guard signature != current.withLockedValue({ $0.signature }) else { return false }
        let next = SiteSnapshot.load(folder: folder, policy: policy)
        current.withLockedValue { $0 = next }
        return true
    }
}
