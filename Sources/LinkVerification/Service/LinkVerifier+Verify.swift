import Foundation

extension LinkVerifier {
    /// Checks a code (`POST /challenges/{id}/verify`); a correct one consumes the challenge and returns an access token.
    ///
    /// The entered code is compared, in constant time, with the HMAC of every unexpired code of the
    /// challenge. A wrong code is counted against the challenge (``Policy/wrongCodesPerChallenge``), the
    /// (link, address) window (``Policy/wrongCodesPerAddressPerWindow``) and the link
    /// (``Policy/consecutiveWrongCodesPerLink``), and those counts are kept even though the call throws.
    /// Towards the link it counts once per live code it was compared with (a guess against three live
    /// codes had three chances), and a guess whose chances would take the link past its limit locks the
    /// link without being compared, so a link never gives more than that many chances before it locks.
    /// A challenge for an address that may not open the link was never sent a code: its wrong codes
    /// count for the challenge and the (link, address) window as usual, but not towards the link's lock.
    /// Throws `challenge_not_found`, the link errors, `challenge_expired` (expired or already used),
    /// `challenge_locked`, `rate_limited`, or `invalid_code` with the attempts left.
    public func verify(challengeID: String, code: String, client: ClientInfo = .unknown) async throws -> Verified {
        let now = clock.now()
        let entered = code.filter { !$0.isWhitespace }
        let candidate = secret.codeDigest(challengeID: challengeID, code: entered)
        let accessToken = random.urlSafeToken(bytes: policy.accessTokenBytes)
        let accessDigest = secret.tokenDigest(kind: "access", token: accessToken)
        let accessExpiresAt = now.addingTimeInterval(policy.accessTokenLifetime)
        let policy = policy
        let verifier = self
        return try await store.write { tx -> Result<Verified, VerificationError> in
            guard var challenge = try tx.challenge(id: challengeID),
                  var link = try tx.link(id: challenge.linkID)
            else { return .failure(.challengeNotFound) }
            if let refusal = link.unavailability(at: now) { return .failure(refusal) }
            if challenge.verifiedAt != nil { return .failure(.challengeExpired) }
            if challenge.lockedAt != nil { return .failure(.challengeLocked) }
            if now >= challenge.expiresAt { return .failure(.challengeExpired) }
            let since = now.addingTimeInterval(-policy.rateWindow)
            let wrongs = try tx.wrongCodeTimes(linkID: link.id, address: challenge.address, since: since)
            if wrongs.count >= policy.wrongCodesPerAddressPerWindow {
                let wait = verifier.retryAfter(wrongs, limit: policy.wrongCodesPerAddressPerWindow, now: now)
                return .failure(.rateLimited(retryAfterSeconds: wait))
            }

            // A guess compared with k live codes has k chances to match: it counts k times towards the
            // link's lock. One that would take the link past its limit is not compared: the link locks.
            // A challenge for an address that may not open the link has no code that was ever sent: a
            // guess there spends no chance, so it does not count towards the link's lock (strangers
            // cannot lock a link for its recipients). Its answer, and every write, are the same.
            let issuedCodes = try tx.codes(challengeID: challenge.id)
            let chances = challenge.mayOpen ? max(1, issuedCodes.filter { now < $0.expiresAt }.count) : 0
            if chances > 0 && link.consecutiveWrongCodes + chances > policy.consecutiveWrongCodesPerLink {
                link.lockedAt = now
                try tx.updateLink(link)
                try tx.appendEvent(AuditEvent(
                    at: now, linkID: link.id, kind: .linkLocked, address: challenge.address,
                    clientIP: client.ipAddress,
                    detail: "\(link.consecutiveWrongCodes) consecutive wrong-code chances; this guess had \(chances)"))
                return .failure(.linkLocked)
            }

            var matched = false
            for issued in issuedCodes {
                // Every code is compared in full; no early exit on the first match.
                let equal = constantTimeEquals(issued.digest, candidate)
                let live = now < issued.expiresAt
                matched = (equal && live) || matched
            }

            if matched && challenge.mayOpen {
                guard let file = try tx.file(id: link.fileID) else {
                    throw LinkStoreError("link \(link.id) names file \(link.fileID), which is not stored")
                }
                challenge.verifiedAt = now
                try tx.updateChallenge(challenge)
                if link.consecutiveWrongCodes != 0 {
                    link.consecutiveWrongCodes = 0
                    try tx.updateLink(link)
                }
                try tx.insertGrant(AccessGrant(
                    tokenDigest: accessDigest, linkID: link.id, challengeID: challenge.id,
                    address: challenge.address, issuedAt: now, expiresAt: accessExpiresAt))
                try tx.appendEvent(AuditEvent(
                    at: now, linkID: link.id, kind: .verified, address: challenge.address,
                    clientIP: client.ipAddress, detail: "challenge \(challenge.id)"))
                return .success(Verified(accessToken: accessToken, expiresAt: accessExpiresAt, file: file))
            }

            // A wrong code: count it everywhere, lock what reached its limit.
            challenge.wrongCodes += 1
            link.consecutiveWrongCodes += chances
            try tx.insertWrongCode(linkID: link.id, address: challenge.address, at: now)
            try tx.appendEvent(AuditEvent(
                at: now, linkID: link.id, kind: .wrongCode, address: challenge.address,
                clientIP: client.ipAddress, detail: "challenge \(challenge.id)"))
            var lockedLink = false
            if chances > 0 && link.consecutiveWrongCodes >= policy.consecutiveWrongCodesPerLink && link.lockedAt == nil {
                link.lockedAt = now
                lockedLink = true
                try tx.appendEvent(AuditEvent(
                    at: now, linkID: link.id, kind: .linkLocked, address: challenge.address,
                    clientIP: client.ipAddress, detail: "\(link.consecutiveWrongCodes) consecutive wrong-code chances"))
            }
            if challenge.wrongCodes >= policy.wrongCodesPerChallenge {
                challenge.lockedAt = now
                try tx.appendEvent(AuditEvent(
                    at: now, linkID: link.id, kind: .challengeLocked, address: challenge.address,
                    clientIP: client.ipAddress, detail: "challenge \(challenge.id)"))
            }
            try tx.updateChallenge(challenge)
            try tx.updateLink(link)
            if lockedLink { return .failure(.linkLocked) }
            let left = min(
                policy.wrongCodesPerChallenge - challenge.wrongCodes,
                policy.wrongCodesPerAddressPerWindow - (wrongs.count + 1))
            return .failure(.invalidCode(attemptsLeft: max(0, left)))
        }.unwrap()
    }

    /// Opens the link's content for the holder of an access token (`GET /links/{token}/content`); consumes nothing.
    ///
    /// Throws `unauthorized` when the access token is missing, malformed, unknown, expired or for
    /// another link (and for an unknown link token), `link_revoked` or `link_expired` when the link no
    /// longer opens. A grant keeps working on a link locked after it was issued.
    public func openContent(token: String, accessToken: String, client: ClientInfo = .unknown) async throws
        -> OpenedContent
    {
        guard let linkDigest = try? linkTokenDigest(token),
              Base64URL.isToken(accessToken, bytes: 32...64)
        else { throw VerificationError.unauthorized }
        let accessDigest = secret.tokenDigest(kind: "access", token: accessToken)
        let now = clock.now()
        let file = try await store.write { tx -> Result<StoredFile, VerificationError> in
            guard let link = try tx.link(tokenDigest: linkDigest) else { return .failure(.unauthorized) }
            if link.revokedAt != nil { return .failure(.linkRevoked) }
            if now >= link.expiresAt { return .failure(.linkExpired) }
            guard let grant = try tx.grant(tokenDigest: accessDigest), grant.linkID == link.id, now < grant.expiresAt
            else { return .failure(.unauthorized) }
            guard let file = try tx.file(id: link.fileID) else {
                throw LinkStoreError("link \(link.id) names file \(link.fileID), which is not stored")
            }
            try tx.appendEvent(AuditEvent(
                at: now, linkID: link.id, kind: .contentFetched, address: grant.address, clientIP: client.ipAddress))
            return .success(file)
        }.unwrap()
        let files = files
        return OpenedContent(file: file, read: { range, chunk in
            try await files.read(id: file.id, range: range, chunk: chunk)
        })
    }
}
