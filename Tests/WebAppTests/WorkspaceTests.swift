import Foundation
import HTTPTypes
import Identifiers
import LegalCore
import Testing
@testable import WebKit
@testable import WebServer

/// The workspace as a daily tool (issue 17): each role's queue with its counts as links, assignment by a head,
/// search by number or IIN/BIN, the register's own exports, the documents printed for the applicant, an
/// application's history, citations in the reader's words.
@Suite struct WorkspaceTests {
    typealias P = PagesTests

    /// A signed-in browser of `user`: GET and form POST with its session.
    struct Browser {
        let client: APIClient
        let cookie: HTTPFields
        let csrf: String
        static func open(_ client: APIClient, _ user: String) async throws -> Browser {
            let (cookie, csrf) = try await P.signIn(client, user)
            return Browser(client: client, cookie: cookie, csrf: csrf)
        }
        func get(_ uri: String) async throws -> APIReply { try await client.call(.get, uri, headers: cookie) }
        func post(_ uri: String, _ pairs: [(String, String)]) async throws -> APIReply {
            var headers = cookie; headers.append(contentsOf: P.formHeaders)
            return try await client.call(.post, uri, json: P.form([("csrf", csrf)] + pairs), headers: headers)
        }
    }

    @Test("a registrar's queue is what arrived and is not registered, overdue after its receipt day; its counts link to the list")
    func registrarQueue() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            // Received on Monday 2 November 2026 at 10:00 and never registered: registration was due that day.
            let late = Bodies.application(id: "REG-LATE", events: [Bodies.event("submitted", "2026-11-02T10:00:00+05:00")])
            #expect(try await client.post("/api/v1/applications", late, as: .registrar).status == .created)
            let done = Bodies.application(id: "REG-DONE", events: Bodies.opened("2026-11-02"))
            #expect(try await client.post("/api/v1/applications", done, as: .registrar).status == .created)
            let b = try await Browser.open(client, "registrar")
            let page = try await b.get("/dashboard")
            #expect(page.text.contains("id=\"queue-h\">Тіркеуді күтетіндер"), "\(page.text.prefix(300))")
            let queue = try #require(page.text.range(of: "id=\"open-table\"")).upperBound
            #expect(page.text[queue...].contains(">REG-LATE<") && !page.text[queue...].contains(">REG-DONE<"))
            let link = "/applications?queue=registration&amp;status=overdue"
            #expect(page.text.contains("href=\"\(link)\""), "the overdue count is a link to the list it counts")
            let list = try await b.get(link.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(list.status == .ok && list.text.contains(">REG-LATE<") && !list.text.contains(">REG-DONE<"))
        }
    }

    @Test("a head assigns an application to an executor of its organization; the executor's queue has it; the history says who and when")
    func assignment() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "AS-1", events: Bodies.opened("2026-11-30")), as: .registrar).status == .created)
            let path = "/api/v1/applications/AS-1/assignee?provider=akimat-abai"
            // Only a head (signer) or an administrator assigns.
            #expect(try await client.post(path, #"{"assignee": "executor"}"#, as: .executor).status == .forbidden)
            let notExecutor = try await client.post(path, #"{"assignee": "registrar"}"#, as: .signer)
            #expect(notExecutor.status == .unprocessableContent && notExecutor.error?.code == "assignee_not_executor" && notExecutor.error?.path == "$.assignee")
            #expect(try await client.post(path, #"{"assignee": "nobody-here"}"#, as: .signer).error?.code == "unknown_assignee")
            #expect(try await client.post(path, #"{"assignee": 7}"#, as: .signer).status == .badRequest)
            let ok = try await client.post(path, #"{"assignee": "executor"}"#, as: .signer)
            #expect(ok.status == .ok && ok.object["assignee"] as? String == "executor", "\(ok)")
            #expect(try await h.audit(action: "application.assign").count == 1)
            #expect(try await h.auditIsWhole())

            let executor = try await Browser.open(client, "executor")
            let mine = try await executor.get("/applications?queue=mine")
            #expect(mine.text.contains(">AS-1<"), "the executor's queue lists it")
            // The head reassigns through the page's form; a wrong choice is named beside the field.
            let signer = try await Browser.open(client, "signer")
            let wrong = try await signer.post("/applications/AS-1/assign?provider=akimat-abai", [("assignee", "registrar")])
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("id=\"a-assignee-error\"") && wrong.text.contains("орындаушы емес"))
            let page = try await signer.get("/applications/AS-1?provider=akimat-abai")
            #expect(page.text.contains("id=\"assignee\">executor<"))
            let history = try #require(page.text.range(of: "id=\"history-table\"")).upperBound
            #expect(page.text[history...].contains("Орындаушы тағайындалды: executor") && page.text[history...].contains(">signer<"),
                    "the history names the assignment and who made it")
            #expect(page.text[history...].contains("Өтініш тіркелді"))
            let again = try await executor.get("/applications?queue=mine")
            #expect(again.text.contains(">AS-1<"))
        }
    }

    @Test("search finds an application by its applicant's IIN; a 12-digit number that is no IIN or BIN is refused beside the field")
    func searchByIdentifier() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            // A valid IIN: born 15 March 1985, a man.
            var digits = [8, 5, 0, 3, 1, 5, 3, 0, 1, 2, 3]
            let k = try #require(Identifiers.checkDigit(digits))
            digits.append(k)
            let iin = digits.map(String.init).joined()
            let body = Bodies.application(id: "SR-1", events: Bodies.opened("2026-11-30")).replacingOccurrences(of: "\"events\"", with: "\"applicant\": \"\(iin)\", \"events\"")
            #expect(try await client.post("/api/v1/applications", body, as: .registrar).status == .created)
            let b = try await Browser.open(client, "inspector")
            let found = try await b.get("/applications?q=\(iin)")
            #expect(found.status == .ok && found.text.contains(">SR-1<") && found.text.contains("id=\"register-total\">1<"))
            #expect(try await b.get("/applications?q=sr-1").text.contains(">SR-1<"), "a number, in any case")
            let wrongDigit = String(iin.dropLast()) + String((k + 1) % 10)
            let refused = try await b.get("/applications?q=\(wrongDigit)")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"f-q-error\"") && refused.text.contains("бақылау цифры"), "the IIN check's reason, in Kazakh")
            #expect(refused.text.contains("href=\"#f-q\""), "the summary at the top links to the field")
            // A bad date in a filter is named beside its field too, and the page still lists.
            let date = try await b.get("/applications?from=2026-13-40")
            #expect(date.status == .unprocessableContent && date.text.contains("id=\"f-from-error\"") && date.text.contains("id=\"register-table\""))
        }
    }

    @Test("the register's CSV and XLSX hold the register's rows, with its filters, in the reader's language")
    func registerExports() async throws {
        try await withAPI(demoApplications: 30) { _, client in
            let b = try await Browser.open(client, "inspector")
            let page = try await b.get("/applications?channel=electronic")
            let total = try #require(page.text.firstMatch(of: /id="register-total">(\d+)</).map { Int($0.1)! })
            let csv = try await b.get("/applications.csv?channel=electronic")
            #expect(csv.status == .ok && csv.headers[.contentDisposition]?.contains("rasim-applications-") == true)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == total + 1, "a header and one line per application listed")
            #expect(lines.first?.contains("Өтініш") == true && lines.first?.contains(";") == true)
            #expect(lines.dropFirst().allSatisfy { $0.contains(";электрондық;") }, "only the filtered channel: \(lines.prefix(3))")
            let xlsx = try await b.get("/applications.xlsx?channel=electronic")
            #expect(xlsx.status == .ok && xlsx.bytes.starts(with: [0x50, 0x4B]), "a zip (XLSX) file")
            #expect(try await b.get("/applications.csv?from=nonsense").status == .badRequest)
        }
    }

    @Test("a reasoned refusal prints with its reasons, what is missing and the paragraph, in Kazakh and Russian; a document the application lacks is 404")
    func printedRefusal() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let opened = [Bodies.event("submitted", "2026-11-30T10:00:00+05:00", "\"documents\": []"), Bodies.event("registered", "2026-11-30T11:00:00+05:00")]
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "PR-1", events: opened), as: .registrar).status == .created)
            let refusal = Bodies.event("refused", "2026-12-01T10:00:00+05:00",
                                       "\"ground\": \"incomplete_package\", \"reasons\": [\"Жарнама объектісінің эскизі ұсынылмаған\"], \"signedBy\": \"akim-abai\"")
            let r = try await client.post("/api/v1/applications/PR-1/events?provider=akimat-abai",
                                          "[" + Bodies.event("hearing_held", "2026-11-30T15:00:00+05:00") + ", " + refusal + "]", as: .signer)
            #expect(r.status == .created, "\(r)")
            let b = try await Browser.open(client, "control")
            let app = try await b.get("/applications/PR-1?provider=akimat-abai")
            #expect(app.text.contains("/applications/PR-1/print?provider=akimat-abai&amp;doc=refusal"))
            let kk = try await b.get("/applications/PR-1/print?provider=akimat-abai&doc=refusal")
            #expect(kk.status == .ok)
            #expect(kk.text.contains("Мемлекеттік қызметті көрсетуден дәлелді бас тарту") && kk.text.contains("Жарнама объектісінің эскизі ұсынылмаған"))
            #expect(kk.text.contains("id=\"print-missing\""), "an incomplete package names what is missing")
            #expect(kk.text.contains("III кезең, 12-жағдай"), "the paragraph in Kazakh words")
            #expect(!kk.text.contains("Stage III"), "no English on a Kazakh page")
            #expect(try await b.get("/applications/PR-1/print?provider=akimat-abai&doc=decision").status == .notFound)
            let lang = try await b.post("/language", [("lang", "ru"), ("back", "/dashboard")])
            #expect(lang.status == .seeOther)
            let ru = try await b.get("/applications/PR-1/print?provider=akimat-abai&doc=refusal")
            #expect(ru.text.contains("Мотивированный отказ в оказании государственной услуги") && ru.text.contains("этап III, случай 12"))
            #expect(ru.text.contains("Акимат Абайского района") && !ru.text.contains("Абай ауданының әкімдігі"), "the organization named in Russian on a Russian page")
            #expect(kk.text.contains("Абай ауданының әкімдігі"), "and in Kazakh on a Kazakh one")
        }
    }

    @Test("documents are chosen by name on the forms and shown by name; a code typed for one not in the list is kept")
    func documentsByName() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let b = try await Browser.open(client, "registrar")
            let form = try await b.get("/applications/new")
            #expect(form.text.contains("name=\"doc_identity_document\"") && form.text.contains("Жеке басын куәландыратын құжат"))
            let r = try await b.post("/applications/new", [("service", "outdoor-advertising"), ("provider", "akimat-abai"), ("channel", "paper"),
                                                           ("id", "DOC-1"), ("submitted", "2026-11-30T10:00"), ("doc_application", "yes"),
                                                           ("doc_identity_document", "yes"), ("documents", "site_plan")])
            #expect(r.status == .seeOther, "\(r.text.prefix(300))")
            let stored = try #require(try await h.store.application("DOC-1")?.1.first?.body)
            #expect(stored.contains("\"application\"") && stored.contains("\"identity_document\"") && stored.contains("\"site_plan\""))
            let page = try await b.get("/applications/DOC-1?provider=akimat-abai")
            #expect(page.text.contains("Жеке басын куәландыратын құжат; site_plan") || page.text.contains("site_plan; Жеке басын"), "names, and the code typed")
        }
    }

    @Test("a citation's place is written in the reader's words; a place of another form stays as written")
    func citationPlaces() {
        #expect(PageKit.place("Stage III case 12", .kk) == "III кезең, 12-жағдай")
        #expect(PageKit.place("Stage III case 12", .ru) == "этап III, случай 12")
        #expect(PageKit.place("App.1 #15", .kk) == "1-қосымша, 15-тармақ")
        #expect(PageKit.place("§6 item 3", .ru) == "п. 6, пп. 3")
        #expect(PageKit.place("§29-3", .kk) == "29-3-тармақ")
        #expect(PageKit.place("Stage III case 12", .en) == "Stage III case 12")
        #expect(PageKit.place("header: repealed by Order No. 60", .ru) == "header: repealed by Order No. 60")
    }

    @Test("a long chart label wraps onto two lines at a word and ends in … when longer still")
    func chartLabelsWrap() {
        let long = "Мемлекеттік көрсетілетін қызмет мерзімін бұзу және тағы басқа өте ұзын сөздер тізбегі мұнда жалғасады ары қарай"
        let lines = Charts.wrap(long, columns: 38, lines: 2)
        #expect(lines.count == 2 && lines.allSatisfy { $0.count <= 38 })
        #expect(lines[1].hasSuffix("…"))
        #expect(Charts.wrap("short", columns: 38, lines: 2) == ["short"])
        // 24 months in a column chart: every second labelled, the last among them; each bar keeps its tooltip.
        let months = (1...24).map { Charts.Bar(label: "M\($0)", value: $0) }
        let columns = Charts.columns(months, title: "t", description: "d")
        #expect(columns.contains(">M24</text>") && !columns.contains(">M23</text>") && columns.contains(">M22</text>"))
        #expect(columns.contains("<title>M23: 23</title>"))
        let svg = Charts.rows([.init(label: long, value: 3)], title: "t", description: "d")
        #expect(svg.contains("<tspan") && !svg.contains(">" + long + "<"), "the whole label only in the tooltip")
    }
}

/// PS-RISK-2023 fed from the workspace (issue 17): the inspector picks organizations and a day; the input is made
/// from the applications, refusals, findings and checklists Rasim holds.
@Suite struct RiskFromWorkspaceTests {
    @Test("the risk input made from the workspace counts the half-year's applications and refusals and names the criteria its findings cite")
    func riskFromWorkspace() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            // Registered three working days late (late_registration cites PS-RISK-2023 App.1 #14), then refused.
            let events = [Bodies.event("submitted", "2026-11-02T10:00:00+05:00", "\"documents\": [\"application\"]"),
                          Bodies.event("registered", "2026-11-05T10:00:00+05:00")]
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "RK-1", events: events), as: .registrar).status == .created)
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "RK-2", events: Bodies.opened("2026-11-03")), as: .registrar).status == .created)
            let refusal = Bodies.event("refused", "2026-11-06T10:00:00+05:00", "\"ground\": \"merits\", \"reasons\": [\"Жоспар жоқ\"], \"signedBy\": \"akim-abai\"")
            #expect(try await client.post("/api/v1/applications/RK-2/events?provider=akimat-abai",
                                          "[" + Bodies.event("hearing_held", "2026-11-05T15:00:00+05:00") + ", " + refusal + "]", as: .signer).status == .created)
            let b = try await WorkspaceTests.Browser.open(client, "inspector")
            func input(_ asOf: String) async throws -> [String: Any] {
                let page = try await b.get("/risk?from=workspace&asOf=\(asOf)&subject=akimat-abai")
                #expect(page.status == .ok)
                let text = try #require(page.text.firstMatch(of: /<textarea id="risk-input"[^>]*>([^<]*)<\/textarea>/)?.1)
                let json = String(text).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
                return try #require((object["subjects"] as? [[String: Any]])?.first)
            }
            let now = try await input("2026-12-07")
            let objective = try #require(now["objective"] as? [String: Any])
            let own = try await h.store.applications(providers: ["akimat-abai"]).filter { $0.1.first.map { $0.atEpoch >= 1_780_858_800 } ?? false }.count
            #expect(objective["servicesRenderedLast6Months"] as? Int == own, "the applications submitted since 8 June 2026 (six months up to 7 December)")
            #expect(objective["refusalsInInternalControlReport"] as? Bool == true)
            let violated = try #require((now["subjective"] as? [String: Any])?["violated"] as? [Int])
            #expect(violated.contains(14), "late registration cites App.1 #14: \(violated)")
            let before = try await input("2025-01-15")
            #expect((before["objective"] as? [String: Any])?["servicesRenderedLast6Months"] as? Int == 0)
            #expect((before["subjective"] as? [String: Any])?["violated"] as? [Int] == [])
            #expect(try await b.get("/risk?from=workspace&asOf=2026-02-30").status == .unprocessableContent)
        }
    }
}
