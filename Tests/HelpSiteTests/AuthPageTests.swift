import Foundation
import Testing

@testable import HelpSite

/// The authentication page's markup contract (the page's script and its browser test code
/// against these hooks), built from the real site and templates.
@Suite struct AuthPageTests {
    private static func built() throws -> (folder: String, en: String, ko: String) {
        let output = NSTemporaryDirectory() + "helpgen-auth-" + UUID().uuidString
        try SiteBuilder(options: .init(site: Repository.site, templates: Repository.templates, output: output)).build()
        return (
            output,
            try String(contentsOfFile: output + "/en/link/index.html", encoding: .utf8),
            try String(contentsOfFile: output + "/ko/link/index.html", encoding: .utf8)
        )
    }

    @Test func everyHookTheScriptUsesIsThere() throws {
        let (folder, en, _) = try Self.built()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hooks = [
            "<main id=\"otp-link\" class=\"auth-card\" data-api-base=\"\" data-locale=\"en\">",
            "<section id=\"step-email\"", "<form id=\"email-form\" novalidate>", "<label for=\"email\">",
            "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" required>",
            "<section id=\"step-code\" aria-labelledby=\"step-code-title\" hidden>", "<form id=\"code-form\" novalidate>",
            "<label for=\"code\">",
            "<input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]*\" maxlength=\"10\">",
            "<button id=\"resend\" type=\"button\"", "<span id=\"resend-countdown\"></span>", "<button id=\"start-over\" type=\"button\"",
            "<section id=\"step-file\" aria-labelledby=\"step-file-title\" hidden>", "<span id=\"file-name\"></span>",
            "<span id=\"file-size\"></span>", "<button id=\"download\" type=\"button\">",
            "<section id=\"step-unavailable\" aria-labelledby=\"step-unavailable-title\" hidden>", "<p id=\"unavailable-message\"></p>",
            "<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>", "<p id=\"error\" role=\"alert\" aria-live=\"assertive\"></p>",
            "<aside id=\"external-browser-tip\" class=\"callout callout-tip\">", "<button id=\"copy-link\" type=\"button\"",
            "<input id=\"link-fallback\" readonly hidden", "<script type=\"application/json\" id=\"otp-messages\">",
            "Closing or reloading this page, or switching to another screen in the app, starts the process over.",
            "<meta name=\"robots\" content=\"noindex, nofollow\">",
        ]
        for hook in hooks { #expect(en.contains(hook), "missing: \(hook)") }
        #expect(en.range(of: #"<script src="/assets/link\.[0-9a-f]{8}\.js" defer></script>"#, options: .regularExpression) != nil)
        #expect(en.range(of: #"<link rel="stylesheet" href="/assets/app\.[0-9a-f]{8}\.css">"#, options: .regularExpression) != nil)
    }

    @Test func theMailingListTableShowsItsThreeCasesOnTheEmailStep() throws {
        let (folder, en, ko) = try Self.built()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let emailStep = try #require(en.components(separatedBy: "<section id=\"step-email\"").last?.components(separatedBy: "</section>").first)
        #expect(emailStep.contains("<table class=\"guidance\">"))
        #expect(emailStep.contains("From the notification email</th><td>The address that received the email</td>"))
        #expect(emailStep.contains("Sender is a member of your organization: your own email address"))
        #expect(emailStep.contains("Sender is outside your organization: the address that received the email"))
        #expect(ko.contains("보낸 사람이 내부 구성원이면: 본인의 이메일 주소"))
    }

    @Test func noExecutableInlineScriptAnywhereInTheSite() throws {
        let (folder, _, _) = try Self.built()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for file in htmlFiles(under: folder) {
            let html = try String(contentsOfFile: file, encoding: .utf8)
            for tag in html.components(separatedBy: "<script").dropFirst() {
                let opening = tag.prefix { $0 != ">" }
                let isData = opening.contains("type=\"application/json\"") || opening.contains("type=\"application/ld+json\"")
                let isExternal = opening.contains(" src=")
                #expect(isData || isExternal, "\(file) has an inline executable script")
                if isExternal { #expect(tag.dropFirst(opening.count + 1).hasPrefix("</script>")) }
            }
            #expect(!html.contains(" onclick="), "\(file) has an inline event handler")
        }
    }

    @Test func theMessageCatalogHoldsEveryKeyTheScriptNeedsInEveryLocale() throws {
        let (folder, en, ko) = try Self.built()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let keys = ["checking", "link_not_found", "link_expired", "link_revoked", "link_locked", "ask_sender", "sending",
                    "code_hint", "resend", "resend_in", "wrong_code", "challenge_locked", "challenge_expired", "start_over",
                    "rate_limited", "network_error", "retry", "verifying", "download", "downloading", "copied", "copy_failed",
                    "invalid_email", "invalid_code_format"]
        for html in [en, ko] {
            let json = try #require(html.components(separatedBy: "id=\"otp-messages\">").last?.components(separatedBy: "</script>").first)
            let catalog = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
            for key in keys { #expect(catalog[key]?.isEmpty == false, "missing message \(key)") }
            #expect(catalog["resend_in"]?.contains("{seconds}") == true)
            #expect(catalog["wrong_code"]?.contains("{attempts}") == true)
            #expect(catalog["rate_limited"]?.contains("{seconds}") == true)
        }
        #expect(ko.contains("data-locale=\"ko\""))
        #expect(ko.contains("<html lang=\"ko\">"))
    }

    @Test func theAPIAddressComesFromTheConfig() throws {
        let output = NSTemporaryDirectory() + "helpgen-api-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: output) }
        try SiteBuilder(options: .init(site: Repository.fixtures + "/site", templates: Repository.templates, output: output)).build()
        let html = try String(contentsOfFile: output + "/en/link/index.html", encoding: .utf8)
        #expect(html.contains("data-api-base=\"https://api.fixture.test\""))
    }

    @Test func theRealFirstPageSitsUnderDriveSendAFileOrLinkSendAsLink() throws {
        let (folder, _, _) = try Self.built()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (locale, crumbs) in [("en", ["Home", "Drive", "Send a file or link", "Send as link", "Security OTP link authentication"]),
                                 ("ko", ["홈", "드라이브", "파일 또는 링크 보내기", "링크로 보내기", "보안 OTP 링크 인증"])] {
            let html = try String(contentsOfFile: "\(folder)/\(locale)/drive/send-file-or-link/send-as-link/otp-link-authenticate/index.html", encoding: .utf8)
            let trail = try #require(html.components(separatedBy: "<nav class=\"breadcrumbs\"").last?.components(separatedBy: "</nav>").first)
            var position = trail.startIndex
            for crumb in crumbs {
                let found = try #require(trail.range(of: ">\(crumb)<", range: position..<trail.endIndex), "\(locale): \(crumb)")
                position = found.upperBound
            }
            #expect(html.contains("<table class=\"guidance\">"))
            #expect(html.contains("<aside class=\"callout callout-tip\""))
        }
    }
}
