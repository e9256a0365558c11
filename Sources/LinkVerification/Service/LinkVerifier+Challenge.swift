import Foundation

extension LinkVerifier {
    /// Tells whether the link opens and until when (`GET /links/{token}`); reads only.
    ///
    /// Throws `link_not_found`, `link_revoked`, `link_expired` or `link_locked`.
    public func inspectLink(token: String) async throws -> LinkStatus {
        let digest = try linkTokenDigest(token)
        let now = clock.now()
        let codeLength = policy.codeLength
        return try await store.lookUp { tx -> Result<LinkStatus, VerificationError> in
            guard let link = try tx.linkState(tokenDigest: digest) else { return .failure(.linkNotFound) }
            if let refusal = link.unavailability(at: now) { return .failure(refusal) }
            return .success(LinkStatus(expiresAt: link.expiresAt, codeLength: codeLength))
        }.unwrap()
    }

    /// Starts a challenge for `email` on the link (`POST /links/{token}/challenges`).
    ///
    /// Does the same work and gives the same answer whether or not the address may open the link: a
    /// challenge, a code digest, a sealed mail and an audit event are stored either way; only for an
    /// address that may open it is the mail left pending for the dispatcher (it is never sent here).
    ///
    /// Throws `invalid_email`, the link errors, or `rate_limited` when the (link, address) had
    /// ``Policy/codeMailsPerAddressPerWindow`` code mails or ``Policy/wrongCodesPerAddressPerWindow``
    /// wrong codes in the window — counted the same for every address, so the refusal tells nothing either.
    public func startChallenge(token: String, email: String, client: ClientInfo = .unknown) async throws
        -> ChallengeStarted
    {
        guard let address = EmailAddress(email) else { throw VerificationError.invalidEmail }
        let digest = try linkTokenDigest(token)
        let now = clock.now()
        let challengeID = random.urlSafeToken(bytes: 16)
        let code = random.digits(policy.codeLength)
        let codeDigest = secret.codeDigest(challengeID: challengeID, code: code)
        let expiresAt = now.addingTimeInterval(policy.codeLifetime)
        let policy = policy
        let verifier = self
        let started = try await store.write { tx -> Result<ChallengeStarted, VerificationError> in
            guard let link = try tx.link(tokenDigest: digest) else { return .failure(.linkNotFound) }
            if let refusal = link.unavailability(at: now) { return .failure(refusal) }
            if let refusal = try verifier.addressLimit(tx, link: link, address: address, now: now, client: client) {
                return .failure(refusal)
            }
            let rule = AccessRule(recipients: link.recipients, sender: link.sender, directory: try tx.directory())
            let decision = rule.decide(address)
            try tx.insertChallenge(Challenge(
                id: challengeID, linkID: link.id, address: address, mayOpen: decision.mayOpen, createdAt: now,
                lastCodeAt: now, expiresAt: expiresAt, clientIP: client.ipAddress))
            try tx.insertCode(IssuedCode(
                challengeID: challengeID, linkID: link.id, address: address, digest: codeDigest,
                issuedAt: now, expiresAt: expiresAt))
            try tx.appendEvent(AuditEvent(
                at: now, linkID: link.id, kind: .challengeStarted, address: address, clientIP: client.ipAddress,
                mayOpen: decision.mayOpen, detail: "challenge \(challengeID)"))
            if decision.mayOpen {
                try verifier.queueCode(tx, code: code, expiresAt: expiresAt, link: link, address: address,
                                       now: now, client: client)
            } else {
                try verifier.withholdCode(tx, code: code, expiresAt: expiresAt, link: link, address: address,
                                          now: now, client: client)
            }
            return .success(ChallengeStarted(
                challengeID: challengeID, expiresAt: expiresAt,
                resendAfterSeconds: Int(policy.resendCooldown.rounded(.up)), codeLength: policy.codeLength))
        }.unwrap()
        mailObserver?.mailQueued(1)  // The code mail, or its withheld twin.
        return started
    }

    /// Mails a new code for the same challenge (`POST /challenges/{id}/resend`); earlier unexpired codes stay valid.
    ///
    /// Throws `challenge_not_found`, the link errors, `challenge_expired` (expired or already used),
    /// `challenge_locked`, `too_soon` during the cooldown, or `rate_limited` (as for a start).
    public func resend(challengeID: String, client: ClientInfo = .unknown) async throws -> CodeResent {
        let now = clock.now()
        let code = random.digits(policy.codeLength)
        let codeDigest = secret.codeDigest(challengeID: challengeID, code: code)
        let expiresAt = now.addingTimeInterval(policy.codeLifetime)
        let policy = policy
        let verifier = self
        let resent = try await store.write { tx -> Result<CodeResent, VerificationError> in
            guard var challenge = try tx.challenge(id: challengeID),
                  let link = try tx.link(id: challenge.linkID)
            else { return .failure(.challengeNotFound) }
            if let refusal = link.unavailability(at: now) { return .failure(refusal) }
            if challenge.verifiedAt != nil { return .failure(.challengeExpired) }
            if challenge.lockedAt != nil { return .failure(.challengeLocked) }
            if now >= challenge.expiresAt { return .failure(.challengeExpired) }
            let allowedAt = challenge.lastCodeAt.addingTimeInterval(policy.resendCooldown)
            if now < allowedAt {
                return .failure(.tooSoon(retryAfterSeconds: max(1, Int(allowedAt.timeIntervalSince(now).rounded(.up)))))
            }
            if let refusal = try verifier.addressLimit(
                tx, link: link, address: challenge.address, now: now, client: client)
            {
                return .failure(refusal)
            }
            try tx.insertCode(IssuedCode(
                challengeID: challenge.id, linkID: link.id, address: challenge.address, digest: codeDigest,
                issuedAt: now, expiresAt: expiresAt))
            challenge.lastCodeAt = now
            challenge.expiresAt = expiresAt
            try tx.updateChallenge(challenge)
            if challenge.mayOpen {
                try verifier.queueCode(tx, code: code, expiresAt: expiresAt, link: link, address: challenge.address,
                                       now: now, client: client)
            } else {
                try verifier.withholdCode(tx, code: code, expiresAt: expiresAt, link: link, address: challenge.address,
                                          now: now, client: client)
            }
            return .success(CodeResent(
                expiresAt: expiresAt, resendAfterSeconds: Int(policy.resendCooldown.rounded(.up))))
        }.unwrap()
        mailObserver?.mailQueued(1)
        return resent
    }

    /// The `rate_limited` refusal for (link, address), if its code mails or wrong codes fill the window.
    ///
    /// Records a `rate_limited` audit event when it refuses, at most one per (link, address) and rate
    /// window: repeated refusals are what a flood looks like, and must not grow the database.
    func addressLimit(
        _ tx: any LinkStoreTransaction, link: Link, address: EmailAddress, now: Date, client: ClientInfo
    ) throws -> VerificationError? {
        let since = now.addingTimeInterval(-policy.rateWindow)
        let mails = try tx.codeIssueTimes(linkID: link.id, address: address, since: since)
        let wrongs = try tx.wrongCodeTimes(linkID: link.id, address: address, since: since)
        var waits: [Int] = []
        if mails.count >= policy.codeMailsPerAddressPerWindow {
            waits.append(retryAfter(mails, limit: policy.codeMailsPerAddressPerWindow, now: now))
        }
        if wrongs.count >= policy.wrongCodesPerAddressPerWindow {
            waits.append(retryAfter(wrongs, limit: policy.wrongCodesPerAddressPerWindow, now: now))
        }
        guard let wait = waits.max() else { return nil }
        if let last = try tx.lastEventTime(linkID: link.id, address: address, kind: .rateLimited), last > since {
            return .rateLimited(retryAfterSeconds: wait)
        }
        try tx.appendEvent(AuditEvent(
            at: now, linkID: link.id, kind: .rateLimited, address: address, clientIP: client.ipAddress,
            detail: mails.count >= policy.codeMailsPerAddressPerWindow ? "code mails" : "wrong codes"))
        return .rateLimited(retryAfterSeconds: wait)
    }

    /// Does what ``queueCode(_:code:expiresAt:link:address:now:client:)`` does, row for row, for an address
    /// that may not open the link, so both paths take the same time now and later: the sealed mail is
    /// queued like any other, marked ``OutgoingMail/withheld`` inside its seal, and the mail worker takes
    /// it through the same steps into its withheld sink (never to the address); a `code_withheld` event is
    /// recorded.
    func withholdCode(
        _ tx: any LinkStoreTransaction, code: String, expiresAt: Date, link: Link, address: EmailAddress,
        now: Date, client: ClientInfo
    ) throws {
        let mail = OutgoingMail(
            recipient: address.value, locale: link.locale, content: .code(code: code, expiresAt: expiresAt),
            withheld: true)
        try tx.enqueueMail(try queued(mail, linkID: link.id, now: now))
        try tx.appendEvent(AuditEvent(
            at: now, linkID: link.id, kind: .codeWithheld, address: address, clientIP: client.ipAddress))
    }

    /// Queues the code mail to `address` and records it.
    func queueCode(
        _ tx: any LinkStoreTransaction, code: String, expiresAt: Date, link: Link, address: EmailAddress,
        now: Date, client: ClientInfo
    ) throws {
        let mail = OutgoingMail(
            recipient: address.value, locale: link.locale, content: .code(code: code, expiresAt: expiresAt))
        try tx.enqueueMail(try queued(mail, linkID: link.id, now: now))
        try tx.appendEvent(AuditEvent(
            at: now, linkID: link.id, kind: .codeQueued, address: address, clientIP: client.ipAddress))
    }
}
