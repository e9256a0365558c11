import Foundation
import Hummingbird

/// Serves the built help center (`helpgen build` → `public/`) from the API's own origin, out of
/// memory (`ServedSite`: loaded at start, reloaded when a new build is noticed).
///
/// Routes answer first: only a `GET` or `HEAD` that no route matched, outside `/api/`, is answered
/// from the site. Routes do not change while the server runs, so once the routes had nothing for a
/// path of the site, later requests for it are answered from memory at once. A folder URL serves
/// its `index.html` (`/en/link` redirects to `/en/link/`, `//en` to `/en`); a path that names no
/// file gets the site's `404.html` with status 404. Every answer carries ``SiteResponseHeaders``,
/// an `ETag` (`If-None-Match` → `304`), and gzip for clients that accept it.
/// `/api/...` is never served from the site, so the API keeps its JSON errors. Its answers are logged
/// and counted under the route `site`.
public struct StaticSiteMiddleware<Context: RequestContext>: RouterMiddleware {
    let site: ServedSite

    /// Serves the site in `folder` with `headers`; the folder is looked at for a new build at most
    /// once per `checkInterval`, while requests come.
    public init(folder: String, headers: SiteResponseHeaders = SiteResponseHeaders(), checkInterval: Duration = .seconds(1)) {
        self.init(site: ServedSite(folder: URL(fileURLWithPath: folder, isDirectory: true), policy: headers, checkInterval: checkInterval))
    }

    /// Serves `site`, which ``StaticSiteHitMiddleware`` may share to answer known pages earlier.
    init(site: ServedSite) {
        self.site = site
    }

    /// Passes the request to the routes; answers from the site when they have nothing for it.
    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard Self.mayServe(request) else {
            return try await next(request, context)
        }
        let path = request.uri.path
        let snapshot = site.snapshot
        let known = site.isSitePath(path)
        if !known {
            do {
                let response = try await next(request, context)
                guard response.status == .notFound else { return response }
            } catch let error as any HTTPResponseError where error.status == .notFound {
                // No route: fall through to the site.
            }
        }
        let answer = snapshot.answer(forRequestPath: path)
        if !known, !answer.isNotFound {
            site.noteSitePath(path)
        }
        // The request log and the metrics name the answer's route: the site's, not the router's `NotFound`.
        context.coreContext.endpointPath.value = ServedSite.route
        switch answer {
        case let .file(file): return file.response(to: request)
        case let .redirect(location): return Self.redirect(to: location, query: request.uri.query)
        case .notFound: return notFoundPage(request, snapshot)
        }
    }

    /// Whether a request may be answered from the site folder at all.
    static func mayServe(_ request: Request) -> Bool {
        guard request.method == .get || request.method == .head else { return false }
        let path = request.uri.path
        return path != "/api" && !path.hasPrefix("/api/")
    }

    /// True for a root-relative path that a browser resolves on this origin: `/x`, never `//host`
    /// or `/\host` (which browsers read as `//host`).
    static func isSameOriginPath(_ location: String) -> Bool {
        location.hasPrefix("/") && !location.hasPrefix("//") && !location.hasPrefix("/\\")
    }

    private static func redirect(to path: String, query: String?) -> Response {
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/"
        var location = isSameOriginPath(encoded) ? encoded : "/"
        if let query, !query.isEmpty { location += "?" + query }
        return Response(status: .movedPermanently, headers: [.location: location, .cacheControl: "no-cache"])
    }

    /// The site's `404.html` with status 404, or a short text when the site has none.
    private func notFoundPage(_ request: Request, _ snapshot: SiteSnapshot) -> Response {
        if let page = snapshot.notFoundPage { return page.response(to: request, status: .notFound) }
        var fields = HTTPFields()
        fields[.contentType] = "text/plain; charset=utf-8"
        site.policy.apply(to: &fields, path: "/404.txt")
        fields[.cacheControl] = "no-cache"
        return Response(
            status: .notFound, headers: fields,
            body: request.method == .head ? .init() : .init(byteBuffer: ByteBuffer(string: "Not found\n"))
        )
    }
}
