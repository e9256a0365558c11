import Foundation

/// Where `serve` finds the email templates when neither `--templates` nor `OTPLINK_TEMPLATES` names them.
enum InstalledTemplates {
    /// The folder `make install PREFIX=…` puts the templates in, relative to the binary's folder.
    static let besideBinary = "../share/otplink/templates/email"
    /// The folder of a source checkout, relative to the working folder.
    static let inCheckout = APIConfiguration.Defaults.templatesFolder

    /// `<bindir>/../share/otplink/templates/email` when it exists beside `executable` (symbolic links
    /// resolved), else `templates/email` in the working folder.
    static func folder(executable: URL? = Bundle.main.executableURL) -> URL {
        if let binary = executable?.resolvingSymlinksInPath() {
            let installed = binary.deletingLastPathComponent().appendingPathComponent(besideBinary).standardizedFileURL
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: installed.path, isDirectory: &isFolder), isFolder.boolValue {
                return installed
            }
        }
        return URL(fileURLWithPath: inCheckout)
    }
}
