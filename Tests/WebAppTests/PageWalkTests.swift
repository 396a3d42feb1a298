import Foundation
import HTTPTypes
import Testing
import WebServer

/// Every role walks its workspace by the links it is shown, in Kazakh and in Russian, as a browser would: every page
/// answers, and none shows a reader an ISO instant ("2026-11-17T12:15:00+05:00"), a citation in the acts' English
/// form, the Latin name, or a link to "nil".
@Suite struct PageWalkTests {
    /// Links not followed: downloads, sign-out, the language switch, and pages that differ only by their filters.
    static func followed(_ href: String) -> Bool {
        guard href.hasPrefix("/"), !href.hasPrefix("//") else { return false }
        let path = href.split(separator: "?").first.map(String.init) ?? href
        return ![".csv", ".xlsx", ".pdf", ".svg", ".css", ".js", ".png", ".ico"].contains { path.hasSuffix($0) }
            && !["/logout", "/signout", "/signin", "/language"].contains { path.hasPrefix($0) }
    }

    /// What a reader sees: the text outside tags (attributes, where machine values belong, are not read).
    static func visibleText(_ html: String) -> String {
        html.replacing(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/, with: " ").replacing(/<[^>]*>/, with: " ")
    }

    /// A prosecutor's and a documentation service's work is their act's register, not the public-service queue:
    /// signing in (and "/") takes them there; everyone else starts from the dashboard; a `next` still wins.
    @Test func eachRoleStartsWhereItsWorkIs() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            for (user, home) in [("prosecutor", "/supervision"), ("supervisor", "/supervision"), ("docs", "/documents"), ("head", "/documents"),
                                 ("registrar", "/dashboard"), ("legal", "/dashboard"), ("inspector", "/dashboard")] {
                let form = try await PagesTests.signinForm(client)
                let r = try await client.call(.post, "/signin", json: "csrf=\(form.csrf)&username=\(user)&password=\(APIFixtures.password)", headers: form.headers)
                #expect(r.status == .seeOther && r.headers[.location] == home, "\(user): \(r.status) \(r.headers[.location] ?? "")")
                let sid = try #require(APISessionTests.sessionCookie(r)).value
                let root = try await client.call(.get, "/", headers: [.cookie: "rasim_session=\(sid)"])
                #expect(root.headers[.location] == home, "\(user): / goes to \(root.headers[.location] ?? "")")
                let page = try await client.call(.get, home, headers: [.cookie: "rasim_session=\(sid)"])
                #expect(page.status == .ok, "\(user) \(home): \(page.status)")
            }
            let form = try await PagesTests.signinForm(client)
            let next = try await client.call(.post, "/signin", json: "csrf=\(form.csrf)&username=prosecutor&password=\(APIFixtures.password)&next=%2Fcalendar",
                                             headers: form.headers)
            #expect(next.headers[.location] == "/calendar")
        }
    }

    /// The signer's event form names the official they sign as, not the official's id.
    @Test func theSignerSignsAsTheOfficialsName() async throws {
        try await withAPI(demoApplications: 40) { h, client in
            let (cookie, _) = try await PagesTests.signIn(client, "signer")
            let open = try await h.store.applications(providers: ["akimat-abai"]).map(\.0)
            var shown = 0
            for app in open.prefix(40) {
                let page = try await client.call(.get, "/applications/\(app.id)?provider=akimat-abai", headers: cookie)
                guard page.text.contains("name=\"type\""), page.text.contains("value=\"result_issued\"") else { continue }
                #expect(page.text.contains("<strong>Абай ауданының әкімі</strong>"), "the official's name")
                #expect(!Self.visibleText(page.text).contains("akim-abai"), "not the official's id")
                shown += 1
                if shown == 2 { break }
            }
            #expect(shown > 0, "an application the signer may decide")
        }
    }

    @Test func everyRoleWalksItsPagesInBothLanguagesWithoutISOInstantsOrNilLinks() async throws {
        let problems: [String] = try await withAPI(demoApplications: 40) { _, client in
            var problems: [String] = []
            for login in Demo.logins(features: APIFixtures.features) {
                let (cookie, _) = try await PagesTests.signIn(client, login.username)
                for lang in ["kk", "ru"] {
                    var headers = cookie
                    headers[.cookie] = (cookie[.cookie] ?? "") + "; rasim_lang=\(lang)"
                    var queue = ["/dashboard"], seen: Set<String> = ["/dashboard"], pages = 0
                    while !queue.isEmpty, pages < 45 {
                        let path = queue.removeFirst()
                        pages += 1
                        let r = try await client.call(.get, path, headers: headers)
                        guard r.status == .ok else {
                            if r.status.code >= 500 || r.status == .notFound { problems.append("\(login.username) [\(lang)] \(path): \(r.status)") }
                            continue
                        }
                        if r.text.contains("href=\"nil\"") { problems.append("\(login.username) [\(lang)] \(path): a link to \"nil\"") }
                        for m in Self.visibleText(r.text).matches(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}/) {
                            problems.append("\(login.username) [\(lang)] \(path): an ISO instant on the page: \(m.output)")
                            break
                        }
                        // A citation in the act's own English form ("§13", "App.1 #14", "Stage III"), or the Latin name.
                        for m in Self.visibleText(r.text).matches(of: /(?:PS-VIOLATIONS-2025|PS-RISK-2023|ADM-PRACTICE-2025|PROSEC-ADM-2015|MODEL-REG-2008) (?:§|App\.|Stage )|\bRasim\b/) {
                            problems.append("\(login.username) [\(lang)] \(path): not in the reader's words: \(m.output)")
                            break
                        }
                        for m in r.text.matches(of: /href="([^"#]+)"/) {
                            let href = String(m.output.1).replacingOccurrences(of: "&amp;", with: "&")
                            if Self.followed(href), seen.insert(href).inserted { queue.append(href) }
                        }
                    }
                    if pages < 3 { problems.append("\(login.username) [\(lang)]: only \(pages) page(s) reached from the dashboard") }
                }
            }
            return problems
        }
        #expect(problems.isEmpty, "\(problems.count) problem(s):\n\(problems.prefix(30).joined(separator: "\n"))")
    }
}
