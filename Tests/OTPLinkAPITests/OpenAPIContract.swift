import Foundation
import Yams

/// The repository's `openapi.yaml`, read to check the server against it.
///
/// Knows the subset of JSON Schema the document uses: `type`, `required`, `properties`,
/// `additionalProperties: false`, `items`, `const`, `enum`, `minimum`, `pattern` and `$ref`.
struct OpenAPIContract: @unchecked Sendable {  // an immutable parsed document
    let document: [String: Any]

    /// Loads `openapi.yaml` from the repository's root.
    static func load() throws -> OpenAPIContract {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("openapi.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        return OpenAPIContract(document: try Yams.load(yaml: text) as? [String: Any] ?? [:])
    }

    /// Every documented `METHOD /path` (path templates as written, `{name}` for parameters).
    var operations: Set<String> {
        var result = Set<String>()
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for method in (item as? [String: Any] ?? [:]).keys where ["get", "post", "put", "delete", "patch"].contains(method) {
                result.insert("\(method.uppercased()) \(path)")
            }
        }
        return result
    }

    /// The documented path template a concrete path matches.
    func template(for path: String) -> String? {
        let segments = path.split(separator: "?").first.map { $0.split(separator: "/", omittingEmptySubsequences: false) } ?? []
        return (document["paths"] as? [String: Any] ?? [:]).keys.first { template in
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == segments.count else { return false }
            return zip(parts, segments).allSatisfy { part, segment in
                (part.hasPrefix("{") && !segment.isEmpty) || part == segment
            }
        }
    }

    /// The problems of an answer against the document: an undocumented status, a body off its schema.
    func problems(method: String, path: String, status: Int, contentType: String?, body: Data) -> [String] {
        guard let template = template(for: path) else { return ["\(method) \(path) is not documented"] }
        let operation = ((document["paths"] as? [String: Any])?[template] as? [String: Any])?[method.lowercased()] as? [String: Any]
        guard let operation else { return ["\(method) \(template) is not documented"] }
        guard var response = (operation["responses"] as? [String: Any])?[String(status)] as? [String: Any] else {
            return ["\(method) \(template) does not document status \(status)"]
        }
        if let reference = response["$ref"] as? String { response = resolve(reference) }
        guard let content = response["content"] as? [String: Any] else {
            return body.isEmpty ? [] : ["\(method) \(template) \(status) has a body the document does not describe"]
        }
        guard let json = content["application/json"] as? [String: Any], let schema = json["schema"] as? [String: Any] else {
            return []  // binary, text or YAML bodies: only the status is checked
        }
        guard contentType?.hasPrefix("application/json") == true else {
            return ["\(method) \(template) \(status) is \(contentType ?? "untyped"), documented as JSON"]
        }
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            return ["\(method) \(template) \(status) body is not JSON"]
        }
        return validate(value, against: schema, at: "\(method) \(template) \(status) $")
    }

    private func resolve(_ reference: String) -> [String: Any] {
        var node: Any = document
        for key in reference.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(key)] ?? [:]
        }
        return node as? [String: Any] ?? [:]
    }

    private func validate(_ value: Any, against schema: [String: Any], at path: String) -> [String] {
        if let reference = schema["$ref"] as? String {
            return validate(value, against: resolve(reference), at: path)
        }
        if let constant = schema["const"] {
            return "\(constant)" == "\(value)" ? [] : ["\(path) is \(value), expected \(constant)"]
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(value)" }) {
            return ["\(path) is \(value), not one of \(options)"]
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(path) is not an object"] }
            var problems: [String] = []
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path).\(key) is missing")
            }
            for (key, member) in object {
                if let propertySchema = properties[key] as? [String: Any] {
                    problems += validate(member, against: propertySchema, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    problems.append("\(path).\(key) is not documented")
                }
            }
            return problems
        case "array":
            guard let array = value as? [Any] else { return ["\(path) is not an array"] }
            let items = schema["items"] as? [String: Any] ?? [:]
            return array.enumerated().flatMap { validate($1, against: items, at: "\(path)[\($0)]") }
        case "string":
            guard let string = value as? String else { return ["\(path) is not a string"] }
            if let pattern = schema["pattern"] as? String, string.range(of: pattern, options: .regularExpression) == nil {
                return ["\(path) does not match \(pattern)"]
            }
            if schema["format"] as? String == "date-time", (try? Date(string, strategy: .iso8601)) == nil {
                return ["\(path) is not an ISO 8601 date-time: \(string)"]
            }
            return []
        case "integer":
            guard let number = value as? NSNumber, number.doubleValue.rounded() == number.doubleValue else {
                return ["\(path) is not an integer"]
            }
            if let minimum = schema["minimum"] as? Int, number.intValue < minimum { return ["\(path) is below \(minimum)"] }
            return []
        case "boolean":
            return value is Bool ? [] : ["\(path) is not a boolean"]
        default:
            return []
        }
    }
}
