import Foundation
import Hummingbird
import Logging
import NIOPosix

/// Serves the built help center (`helpgen build` → `public/`) from the API's own origin.
///
/// Routes answer first: only a `GET` or `HEAD` that no route matched, outside `/api/`, is looked
/// up as a file under the site folder. A folder URL serves its `index.html` (`/en/link` redirects
/// to `/en/link/`); a path that names no file, or one that tries to leave the folder (`..`, also
/// percent-encoded), gets the site's `404.html` with status 404. Every file answer carries
/// ``SiteResponseHeaders``. `/api/...` is never served from disk, so the API keeps its JSON errors.
public struct StaticSiteMiddleware<Context: RequestContext>: RouterMiddleware {
    let files: FileMiddleware<Context, LocalFileSystem>
    let fileSystem: LocalFileSystem
    let headers: SiteResponseHeaders

    /// Serves the site in `folder` with `headers`.
    public init(
        folder: String,
        headers: SiteResponseHeaders = SiteResponseHeaders(),
        threadPool: NIOThreadPool = .singleton,
        logger: Logger = Logger(label: "otplink.site")
    ) {
        self.files = FileMiddleware(folder, searchForIndexHtml: true, threadPool: threadPool, logger: logger)
        var quiet = logger  // the file middleware has already said where the files come from
        quiet.logLevel = .warning
        self.fileSystem = LocalFileSystem(rootFolder: folder, threadPool: threadPool, logger: quiet)
        self.headers = headers
    }

    /// Passes the request to the routes; serves a file when they have nothing for it.
    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard Self.mayServe(request) else {
            return try await next(request, context)
        }
        do {
            let response = try await next(request, context)
            guard response.status == .notFound else { return response }
        } catch let error as any HTTPResponseError where error.status == .notFound {
            // No route: fall through to the site.
        }
        return try await serveFile(request, context: context)
    }

    /// Whether a request may be answered from the site folder at all.
    static func mayServe(_ request: Request) -> Bool {
        guard request.method == .get || request.method == .head else { return false }
        let path = request.uri.path
        return path != "/api" && !path.hasPrefix("/api/")
    }

    private func serveFile(_ request: Request, context: Context) async throws -> Response {
        let decoded = request.uri.path.removingPercentEncoding ?? ""
        if decoded.isEmpty || decoded.contains("..") || decoded.contains("\0") {
            return try await notFoundPage(request, context: context)
        }
        do {
            var response = try await files.handle(request, context: context) { _, _ in
                throw HTTPError(.notFound)
            }
            let servedPath = decoded.hasSuffix("/") ? decoded + "index.html" : decoded
            headers.apply(to: &response.headers, path: servedPath)
            return response
        } catch let error as any HTTPResponseError where error.status == .notFound || error.status == .badRequest {
            return try await notFoundPage(request, context: context)
        }
    }

    /// The site's `404.html` with status 404, or a short text when the site has none.
    private func notFoundPage(_ request: Request, context: Context) async throws -> Response {
        var fields = HTTPFields()
        guard let id = fileSystem.getFileIdentifier("/404.html"),
            let attributes = try await fileSystem.getAttributes(id: id), !attributes.isFolder
        else {
            fields[.contentType] = "text/plain; charset=utf-8"
            headers.apply(to: &fields, path: "/404.txt")
            fields[.cacheControl] = "no-cache"
            let text = "Not found\n"
            return Response(
                status: .notFound,
                headers: fields,
                body: request.method == .head ? .init() : .init(byteBuffer: ByteBuffer(string: text))
            )
        }
        headers.apply(to: &fields, path: "/404.html")
        fields[.contentLength] = String(attributes.size)
        let body = request.method == .head ? ResponseBody() : try await fileSystem.loadFile(id: id, context: context)
        return Response(status: .notFound, headers: fields, body: body)
    }
}
