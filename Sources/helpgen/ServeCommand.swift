import ArgumentParser
import Foundation
import HelpSite

extension HelpGen {
    /// `helpgen serve`.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Preview the site: build it, serve it on this machine, rebuild and reload open pages after each edit.",
            discussion: """
            Serves the built site at http://HOST:PORT/ (the site's base URL becomes that address) and watches the \
            site and templates folders like watch. Each open page reloads after a rebuild; when a rebuild finds \
            problems they are printed here and shown over the page, and the last good pages stay served. The \
            reload script is added by this server only: it is never part of a built site.
            """
        )

        @OptionGroup var folders: FolderOptions

        @Option(help: "The port to listen on (0: any free port).")
        var port = 1313

        @Option(help: "The address to listen on; keep it a loopback address (the preview has no access control).")
        var host = "127.0.0.1"

        @Option(help: "The folder the preview is written to (default: a temporary folder, removed on exit).")
        var output: String?

        func validate() throws {
            try folders.validate()
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        }

        func run() throws {
            let folder = output ?? NSTemporaryDirectory() + "helpgen-serve-" + UUID().uuidString
            defer {
                if output == nil {
                    try? FileManager.default.removeItem(atPath: folder)
                    try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent + "/.helpgen/" + (folder as NSString).lastPathComponent)
                }
            }
            let live = LiveReload()
            let server: PreviewServer
            do {
                server = try PreviewServer(host: host, port: port, root: folder, live: live)
            } catch {
                printError("helpgen: \(error)")
                throw ExitCode(1)
            }
            let address = "http://\(host):\(server.port)"
            let options = SiteBuilder.Options(
                site: folders.site, templates: folders.templates, output: folder, baseURL: folders.baseURL ?? address
            )
            server.start()
            say("serving \(address)/ (Ctrl-C stops)")
            try watchAndRebuild(options: options, rebuilt: live.rebuilt, failed: live.failed)
            server.stop()
        }
    }
}
