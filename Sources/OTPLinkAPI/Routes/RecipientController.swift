import Foundation
import Hummingbird
import LinkVerification

/// The calls the authentication page makes: inspect a link, start a challenge, resend, verify,
/// download. All of them pass the per-IP limit first.
struct RecipientController {
    let verifier: LinkVerifier
    let metrics: ServiceMetrics
    /// The largest JSON body these calls accept, and how long it may take to arrive.
    let bodyLimits: JSONBody.Limits

    /// Adds the recipient calls to `group` (mounted at `/api/v1`).
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("links/:token", use: inspectLink)
        group.post("links/:token/challenges", use: startChallenge)
        group.post("challenges/:challengeId/resend", use: resendCode)
        group.post("challenges/:challengeId/verify", use: verifyCode)
        group.get("links/:token/content", use: content)
    }

    /// `GET /links/{token}`: whether the link opens, until when.
    @Sendable func inspectLink(_ request: Request, context: APIRequestContext) async throws -> LinkStatusBody {
        let status = try await verifier.inspectLink(token: context.parameters.require("token"))
        return LinkStatusBody(status: status.status, expiresAt: status.expiresAt, codeLength: status.codeLength)
    }

    /// `POST /links/{token}/challenges` `{"email"}`: 202 whatever the address.
    @Sendable func startChallenge(_ request: Request, context: APIRequestContext) async throws -> EditedResponse<ChallengeStartedBody> {
        let body = try await JSONBody.decode(ChallengeRequest.self, from: request, limits: bodyLimits)
        let started = try await verifier.startChallenge(
            token: context.parameters.require("token"),
            email: body.email,
            client: ClientInfo(ipAddress: context.clientAddress)
        )
        metrics.challengeStarted()
        return EditedResponse(
            status: .accepted,
            response: ChallengeStartedBody(
                challengeId: started.challengeID,
                expiresAt: started.expiresAt,
                resendAfterSeconds: started.resendAfterSeconds,
                codeLength: started.codeLength
            )
        )
    }

    /// `POST /challenges/{id}/resend`: a new code after the cooldown.
    @Sendable func resendCode(_ request: Request, context: APIRequestContext) async throws -> EditedResponse<CodeResentBody> {
        let resent = try await verifier.resend(
            challengeID: context.parameters.require("challengeId"),
            client: ClientInfo(ipAddress: context.clientAddress)
        )
        metrics.codeResent()
        return EditedResponse(
            status: .accepted,
            response: CodeResentBody(expiresAt: resent.expiresAt, resendAfterSeconds: resent.resendAfterSeconds)
        )
    }

    /// `POST /challenges/{id}/verify` `{"code"}`: an access token for a correct code.
    @Sendable func verifyCode(_ request: Request, context: APIRequestContext) async throws -> AccessGrantedBody {
        let body = try await JSONBody.decode(VerifyRequest.self, from: request, limits: bodyLimits)
        let verified: Verified
        do {
            verified = try await verifier.verify(
                challengeID: context.parameters.require("challengeId"),
                code: body.code,
                client: ClientInfo(ipAddress: context.clientAddress)
            )
        } catch let error as VerificationError {
            metrics.codeFailed()
            throw error
        }
        metrics.codeVerified()
        return AccessGrantedBody(
            accessToken: verified.accessToken,
            expiresAt: verified.expiresAt,
            file: FileSummaryBody(name: verified.file.name, size: verified.file.size, contentType: verified.file.contentType)
        )
    }

    /// `GET /links/{token}/content` with `Authorization: Bearer <access token>`: the file.
    @Sendable func content(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let accessToken = BearerCredential.token(in: request.headers) else {
            throw VerificationError.unauthorized
        }
        let opened = try await verifier.openContent(
            token: context.parameters.require("token"),
            accessToken: String(accessToken),
            client: ClientInfo(ipAddress: context.clientAddress)
        )
        metrics.contentServed()
        let file = opened.file
        let etag = "\"\(file.sha256)\""
        // `If-Range` with another validator asks for the whole file: the part wanted may have changed.
        let ifRange = request.headers[.ifRange]
        let range = ifRange == nil || ifRange == etag
            ? try ByteRange.resolve(request.headers[.range], size: file.size) : .whole
        var headers = HTTPFields()
        headers[.contentType] = file.contentType
        headers[.contentDisposition] = ContentDisposition.attachment(fileName: file.name)
        headers[.acceptRanges] = "bytes"
        headers[.eTag] = etag
        let status: HTTPResponse.Status
        let part: Range<Int>
        switch range {
        case .whole:
            status = .ok
            part = 0..<file.size
        case .partial(let wanted):
            status = .partialContent
            part = wanted
            headers[.contentRange] = "bytes \(wanted.lowerBound)-\(wanted.upperBound - 1)/\(file.size)"
        }
        headers[.contentLength] = String(part.count)
        // Streamed: one piece in memory at a time, the next read once the previous was written.
        let body = ResponseBody(contentLength: part.count) { writer in
            try await opened.read(part) { piece in
                try await writer.write(ByteBuffer(bytes: piece))
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }
}

extension RecipientController {
    /// The body of `POST /links/{token}/challenges`.
    struct ChallengeRequest: Decodable {
        let email: String
    }

    /// The body of `POST /challenges/{id}/verify`.
    struct VerifyRequest: Decodable {
        let code: String
    }

    /// The answer of `GET /links/{token}`.
    struct LinkStatusBody: ResponseEncodable {
        let status: String
        let expiresAt: Date
        let codeLength: Int
    }

    /// The answer of `POST /links/{token}/challenges`.
    struct ChallengeStartedBody: ResponseEncodable {
        let challengeId: String
        let expiresAt: Date
        let resendAfterSeconds: Int
        let codeLength: Int
    }

    /// The answer of `POST /challenges/{id}/resend`.
    struct CodeResentBody: ResponseEncodable {
        let expiresAt: Date
        let resendAfterSeconds: Int
    }

    /// The answer of `POST /challenges/{id}/verify`.
    struct AccessGrantedBody: ResponseEncodable {
        let accessToken: String
        let expiresAt: Date
        let file: FileSummaryBody
    }

    /// What a verified recipient learns about the file.
    struct FileSummaryBody: Encodable {
        let name: String
        let size: Int
        let contentType: String
    }
}
