import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import OTPLinkAPI

@Suite("Downloads and uploads: streamed, resumable, names that cannot deceive")
struct DownloadTests {
    /// 1 MiB and a bit: several storage chunks.
    static let bytes = (0..<(4 * 256 * 1024 + 77)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }

    private func open(_ service: TestService, _ client: any TestClientProtocol) async throws -> (token: String, access: String) {
        let link = try await service.share(client, name: "big.bin", bytes: Self.bytes)
        let (id, code) = try await service.challenge(client, link, email: "alice@example.com")
        let access = try #require(try await client.verifyCode(id, code: code).json["accessToken"] as? String)
        return (link.token, access)
    }

    private func get(_ client: any TestClientProtocol, _ opened: (token: String, access: String), _ extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        headers[.authorization] = "Bearer \(opened.access)"
        return try await client.execute(uri: "/api/v1/links/\(opened.token)/content", method: .get, headers: headers)
    }

    @Test("The whole file, byte for byte, with Accept-Ranges and an ETag")
    func whole() async throws {
        let service = try TestService()
        try await service.testLive { client in
            let opened = try await open(service, client)
            let response = try await get(client, opened)
            #expect(response.status == .ok)
            #expect(Array(buffer: response.body) == Self.bytes)
            #expect(response.headers[.acceptRanges] == "bytes")
            #expect(response.headers[.contentLength] == String(Self.bytes.count))
            #expect(response.headers[.eTag]?.count == 66)
        }
    }

    @Test("Range requests resume a download: 206 with the exact bytes and Content-Range", arguments: [
        ("bytes=0-9", 0..<10), ("bytes=262140-262150", 262_140..<262_151), ("bytes=1048570-", 1_048_570..<(4 * 256 * 1024 + 77)),
        ("bytes=-7", (4 * 256 * 1024 + 70)..<(4 * 256 * 1024 + 77)), ("bytes=5-99999999", 5..<(4 * 256 * 1024 + 77)),
    ])
    func ranges(header: String, range: Range<Int>) async throws {
        let service = try TestService()
        try await service.testLive { client in
            let opened = try await open(service, client)
            let response = try await get(client, opened, [.range: header])
            #expect(response.status == .partialContent)
            #expect(Array(buffer: response.body) == Array(Self.bytes[range]))
            #expect(response.headers[.contentRange] == "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(Self.bytes.count)")
        }
    }

    @Test("A range past the end is 416 with the size; several ranges, or a stale If-Range, get the whole file")
    func unsatisfiableAndIgnored() async throws {
        let service = try TestService()
        try await service.testLive { client in
            let opened = try await open(service, client)
            let past = try await get(client, opened, [.range: "bytes=\(Self.bytes.count)-"])
            #expect(past.status == .rangeNotSatisfiable)
            #expect(past.headers[.contentRange] == "bytes */\(Self.bytes.count)")
            #expect(past.errorCode == "range_not_satisfiable")
            for extra: HTTPFields in [[.range: "bytes=0-1,5-6"], [.range: "lines=1-2"], [.range: "bytes=0-9", .ifRange: "\"stale\""]] {
                let response = try await get(client, opened, extra)
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == Self.bytes.count)
            }
            let etag = try #require(try await get(client, opened).headers[.eTag])
            #expect(try await get(client, opened, [.range: "bytes=0-9", .ifRange: etag]).status == .partialContent)
        }
    }

    @Test("An upload over the limit is refused and leaves no file behind")
    func uploadLimit() async throws {
        let service = try TestService { $0.uploadLimit = 1000 }
        try await service.test { client in
            let refused = try await client.storeFile(
                name: "big.bin", bytes: Array(repeating: 1, count: 5000), contentType: "application/octet-stream", headers: service.adminHeaders)
            #expect(refused.status == .contentTooLarge)
            let files = try FileManager.default.contentsOfDirectory(atPath: service.dataFolder.filesURL.path)
            #expect(files.isEmpty, "\(files)")
        }
    }

    @Test("File names with bidirectional or invisible format characters are refused, naming the character", arguments: [
        ("invoice\u{202E}fdp.exe", "U+202E"), ("report\u{200B}.pdf", "U+200B"), ("a\u{2066}b.txt", "U+2066"), ("line\u{2028}break", "U+2028"),
    ])
    func deceptiveNames(name: String, code: String) async throws {
        let service = try TestService()
        try await service.test { client in
            let response = try await client.storeFile(name: name, bytes: [1, 2, 3], contentType: "text/plain", headers: service.adminHeaders)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(code), "\(response.text)")
            #expect(response.json["error"].flatMap { ($0 as? [String: Any])?["field"] as? String } == "name")
        }
    }
}
