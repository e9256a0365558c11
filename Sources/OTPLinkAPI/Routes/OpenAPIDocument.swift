import Foundation

/// The OpenAPI 3.1 document of the API (`openapi.yaml` at the repository's root), as shipped
/// with the program.
public struct OpenAPIDocument: Sendable {
    /// The document's YAML text.
    public let yaml: String

    /// Loads the copy bundled with the `OTPLinkAPI` module.
    public static func bundled() throws -> OpenAPIDocument {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw ConfigurationError("the OpenAPI document is missing from the program's resources (OTPLinkAPI bundle)")
        }
        return OpenAPIDocument(yaml: try String(contentsOf: url, encoding: .utf8))
    }
}
