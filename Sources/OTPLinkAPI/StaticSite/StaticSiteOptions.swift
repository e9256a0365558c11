import ArgumentParser
import Foundation

/// `serve --public DIR`: the built help center to serve from the API's own origin.
///
/// Also read from `OTPLINK_PUBLIC`. Without it the server answers only the API, as when the
/// site lives on another origin (a CDN) and calls the API through CORS.
struct StaticSiteOptions: ParsableArguments {
    @Option(name: .customLong("public"), help: ArgumentHelp(
        "A folder built by `helpgen build` to serve at / beside the API (pages, assets, 404.html). Env: OTPLINK_PUBLIC. Default: serve the API only.",
        valueName: "folder"
    ))
    var publicFolder: String?

    /// The folder to serve, or `nil`; an error names the setting when it is not a folder.
    func folder(environment: [String: String]) throws -> URL? {
        let text = publicFolder ?? environment["OTPLINK_PUBLIC"].flatMap { $0.isEmpty ? nil : $0 }
        guard let text else { return nil }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: text, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--public (or OTPLINK_PUBLIC): \(text) is not a folder; build the site first (helpgen build --output \(text)).")
        }
        return URL(fileURLWithPath: text, isDirectory: true).standardizedFileURL
    }
}
