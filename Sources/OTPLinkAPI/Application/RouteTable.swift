import Foundation
import Hummingbird

/// The router's paths and the methods each takes, to tell "no such call" (404) from
/// "no such method here" (405 with `Allow`).
///
/// Filled once by ``buildRouter(_:)`` after every route is added, before the first request.
final class RouteTable: @unchecked Sendable {
    private let lock = NSLock()
    private var routes: [(segments: [String], methods: Set<String>)] = []

    /// Records the router's routes.
    func fill(with descriptions: [Router<APIRequestContext>.RouteDescription]) {
        var byPath: [String: Set<String>] = [:]
        for route in descriptions {
            byPath[route.path.description, default: []].insert(route.method.rawValue)
        }
        lock.lock(); defer { lock.unlock() }
        routes = byPath.map { path, methods in
            (path.split(separator: "/").map(String.init), methods)
        }
    }

    /// The methods the path takes, or an empty set when no route has this path.
    func methods(forPath path: String) -> Set<String> {
        let segments = path.split(separator: "/").map(String.init)
        lock.lock(); defer { lock.unlock() }
        var result = Set<String>()
        for route in routes where route.segments.count == segments.count {
            let matches = zip(route.segments, segments).allSatisfy { pattern, segment in
                (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
            }
            if matches { result.formUnion(route.methods) }
        }
        return result
    }
}
