import Foundation
import PublicServicesFeature
import HTTPTypes
import LegalCore
import Storage
import Testing
import WebKit
import WebServer

/// Issue 11 §1: a term that runs past the calendar's last covered day is one application's open question —
/// listed as "beyond the calendar", never a 422 for the organization's pages and API — and the server warns
/// from 1 October while next year is not covered. The clock is fixed per test (`Clock.fixed`), so these
/// tests mean the same on any date the machine has.
@Suite("Beyond the calendar")
struct BeyondCalendarTests {
    static func epoch(_ iso: String) -> Int64 { Instant(iso: iso)!.secondsSinceEpoch }

    /// Tuesday 28 December 2027, noon in Almaty: the calendar (bundled, up to 2027-12-31) ends on Friday.
    static let lateDecember = epoch("2027-12-28T12:00:00+05:00")

    @Test("a service term running into an uncovered year waits; the application's other checks and the pages compute")
    func termPastTheLastCoveredDay() async throws {
        try await Clock.$fixed.withValue(Self.lateDecember) {
            try await withAPI(demoApplications: 5) { _, c in
                // 15 working days from Friday 24 December 2027: in 2028. Registered on Tuesday 28th: late.
                let late = Bodies.application(id: "W-2027", service: "environmental-works-licence", events: [
                    Bodies.event("submitted", "2027-12-24T10:00:00+05:00", "\"documents\": [\"application\"]"),
                    Bodies.event("registered", "2027-12-28T09:30:00+05:00")])
                let created = try await c.post("/api/v1/applications", late, as: .registrar)
                #expect(created.status == .created, "\(created)")
                // An ordinary application of the same month: judged as usual.
                let ordinary = Bodies.application(id: "O-2027", events: Bodies.opened("2027-12-01"))
                #expect(try await c.post("/api/v1/applications", ordinary, as: .registrar).status == .created)

                let findings = try await c.get("/api/v1/findings?provider=akimat-abai", as: .registrar)
                #expect(findings.status == .ok, "\(findings)")
                // (The demo, loaded as of this day, has its own applications waiting for 2028: only this test's count here.)
                let waiting = try #require(findings.object["beyondCalendar"] as? [[String: Any]])
                    .filter { ["W-2027", "O-2027"].contains($0["application"] as? String ?? "") }
                #expect(waiting.count == 1, "\(waiting)")
                #expect(waiting.first?["application"] as? String == "W-2027" && waiting.first?["term"] as? String == "service")
                #expect(waiting.first?["coversUpTo"] as? String == "2027-12-31")
                let list = try #require(findings.object["findings"] as? [[String: Any]])
                #expect(list.contains { $0["application"] as? String == "W-2027" && $0["code"] as? String == "late_registration" },
                        "the application's other checks still run")
                #expect(list.contains { $0["application"] as? String == "O-2027" && $0["code"] as? String == "term_breach" },
                        "other applications are judged as usual: \(list.map { "\($0["application"] ?? "") \($0["code"] ?? "")" })")

                let one = try await c.get("/api/v1/applications/W-2027", as: .registrar)
                #expect(one.status == .ok, "\(one)")
                #expect((one.object["beyondCalendar"] as? [[String: Any]])?.first?["term"] as? String == "service")

                // The pages: listed, labelled, nothing broken.
                let (cookie, _) = try await PagesTests.signIn(c, "registrar")
                let dashboard = try await c.call(.get, "/dashboard", headers: cookie)
                #expect(dashboard.status == .ok, "\(dashboard.text.prefix(500))")
                #expect(dashboard.text.contains("id=\"waiting-calendar\"") && dashboard.text.contains(">W-2027</a>"))
                #expect(dashboard.text.contains("Келесі жылдың күнтізбесін күтетін өтініштер"))
                let register = try await c.call(.get, "/applications?provider=akimat-abai", headers: cookie)
                #expect(register.status == .ok && register.text.contains("W-2027") && register.text.contains("Күнтізбеден тыс"))
                let page = try await c.call(.get, "/applications/W-2027", headers: cookie)
                #expect(page.status == .ok, "\(page.text.prefix(300))")
                #expect(page.text.contains("class=\"term card beyond\"") && page.text.contains("2027 жылғы 31 желтоқсан"))
                #expect(page.text.contains("data-code=\"late_registration\""))
                #expect(try await c.call(.get, "/reports", headers: cookie).status == .ok)
            }
        }
    }

    @Test("from 1 October without next year: /health says so and administrators see a banner", arguments: [
        ("2027-09-30T12:00:00+05:00", nil),
        ("2027-10-01T09:00:00+05:00", "2028"),
        ("2026-10-01T09:00:00+05:00", nil),      // 2027 is covered
        ("2028-01-03T09:00:00+05:00", "2027-12-31"),  // today itself beyond
    ] as [(String, String?)])
    func coverageWarning(_ now: String, _ mentions: String?) async throws {
        try await Clock.$fixed.withValue(Self.epoch(now)) {
            try await withAPI(demoApplications: 1) { _, c in
                let health = try await c.get("/health")
                #expect(health.status == .ok)
                let calendar = try #require(health.object["calendar"] as? [String: Any])
                #expect(calendar["coversUpTo"] as? String == "2027-12-31")
                let warning = calendar["warning"] as? String
                if let mentions { #expect(warning?.contains(mentions) == true, "\(now): \(String(describing: warning))") } else { #expect(warning == nil, "\(now): \(String(describing: warning))") }
                let (admin, _) = try await PagesTests.signIn(c, "admin")
                let page = try await c.call(.get, "/services", headers: admin)
                #expect(page.text.contains("id=\"calendar-warning\"") == (mentions != nil), "\(now)")
                let (registrar, _) = try await PagesTests.signIn(c, "registrar")
                #expect(!(try await c.call(.get, "/services", headers: registrar)).text.contains("id=\"calendar-warning\""))
                // Whatever the date, the workspace and the API answer (terms past the calendar wait, listed).
                for path in ["/dashboard", "/applications", "/reports"] {
                    let r = try await c.call(.get, path, headers: registrar)
                    #expect(r.status == .ok, "\(now) \(path): \(r.status) \(r.text.prefix(300))")
                }
                #expect(try await c.get("/api/v1/findings", as: .inspector).status == .ok)
            }
        }
    }
}

@Suite("The demo data depend on the day given to them, not on the machine's clock")
struct DemoDateTests {
    /// Each application's service, provider and events (type, instant, body) as the demo made them.
    static func demo(asOf: String) async throws -> [String: [String]] {
        let path = "/tmp/rasim-demo-date-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let db = try await Database.open(url: "sqlite://" + path, auditKey: AuditKey.random(), schemas: APIFixtures.schemas)
        do {
            try await Migrations.run(on: db)
            let store = Store(db)
            #expect(try await Demo.loadIfEmpty(store: store, calendar: APIFixtures.calendar, features: [PublicServicesModule(demoApplications: 60)],
                                               bcryptCost: 4, asOf: try #require(Instant(iso: asOf))))
            var out: [String: [String]] = [:]
            for (row, events) in try await store.applications(providers: nil) {
                out[row.key] = [row.service, row.provider, row.createdAt] + events.map { "\($0.type) \($0.atEpoch) \($0.body)" }
            }
            try await db.close()
            return out
        } catch { try? await db.close(); throw error }
    }

    @Test("the same day gives the same demo; the demo lies in the eleven months before its day, nothing after it, with work still open")
    func sameDaySameDemo() async throws {
        let a = try await Self.demo(asOf: "2025-06-30T12:00:00+05:00")
        let b = try await Self.demo(asOf: "2025-06-30T12:00:00+05:00")
        #expect(a.count == 60 && a == b)
        for asOf in ["2025-06-30T12:00:00+05:00", "2026-12-07T12:00:00+05:00"] {
            let demo = try await Self.demo(asOf: asOf)
            let now = try #require(Instant(iso: asOf)).secondsSinceEpoch
            let instants = demo.values.flatMap { $0.dropFirst(3).compactMap { $0.split(separator: " ").dropFirst().first.flatMap { Int64($0) } } }
            #expect(!instants.isEmpty && instants.allSatisfy { $0 <= now }, "nothing happens after the day the demo is loaded (\(asOf))")
            let submitted = demo.values.compactMap { $0.dropFirst(3).first?.split(separator: " ").dropFirst().first.flatMap { Int64($0) } }
            #expect(submitted.allSatisfy { $0 >= now - 340 * 86_400 }, "every application was submitted in the eleven months before \(asOf)")
            func decided(_ events: [String]) -> Bool { events.contains { $0.hasPrefix("result_issued ") || $0.hasPrefix("refused ") } }
            #expect(demo.values.contains { !decided($0) }, "some applications are still being worked on (\(asOf))")
            #expect(demo.values.contains(where: decided), "and some were decided (\(asOf))")
        }
    }
}
