import Foundation
import NIOConcurrencyHelpers

/// The site `serve --public` answers from: a `SiteSnapshot` in memory, replaced whole when a new
/// build of the folder is noticed.
///
/// Requests look at the folder at most once per `checkInterval`, off their own path (a detached
/// task): when its signature changed, the folder is read into a new snapshot, and requests use the
/// new one from then on. A request never sees half of a reload.
///
/// It also remembers the URL paths the routes had nothing for (`isSitePath`): routes do not change
/// while the server runs, so later requests for such a path go to the site at once.
final class ServedSite: Sendable {
    let folder: URL
    let policy: SiteResponseHeaders
    let checkInterval: Duration
    private let current: NIOLockedValueBox<SiteSnapshot>
    private let check: NIOLockedValueBox<(last: ContinuousClock.Instant, running: Bool)>
    private let sitePaths: NIOLockedValueBox<Set<String>>

    /// The route pattern the request log and the metrics name for every answer from the site.
    static let route = "site"

    /// How many paths `noteSitePath` keeps: each encoding of a path (`/en/%6Cink/`) is another entry,
    /// and a stranger may send as many as they like. Past the limit, paths go through the routes first.
    static let sitePathLimit = 10_000

    /// Reads `folder` now.
    init(folder: URL, policy: SiteResponseHeaders, checkInterval: Duration = .seconds(1)) {
        self.folder = folder
        self.policy = policy
        self.checkInterval = checkInterval
        current = NIOLockedValueBox(SiteSnapshot.load(folder: folder, policy: policy))
        check = NIOLockedValueBox((ContinuousClock.now, false))
        sitePaths = NIOLockedValueBox([])
    }

    /// Whether the routes were asked about `path` (as the request sent it) and had nothing for it.
    func isSitePath(_ path: String) -> Bool {
        sitePaths.withLockedValue { $0.contains(path) }
    }

    /// Remembers that the routes have nothing for `path`, which the site answers.
    func noteSitePath(_ path: String) {
        sitePaths.withLockedValue { paths in
            if paths.count < Self.sitePathLimit { paths.insert(path) }
        }
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
