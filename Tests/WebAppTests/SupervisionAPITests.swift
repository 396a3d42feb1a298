import Foundation
import LegalCore
import Testing
import WebKit

/// PROSEC-ADM-2015 over HTTP (docs/reference/supervision.md "HTTP") and its pages: offices and cases recorded once,
/// each office's cases for its prosecutors and the offices above, a case with every term as counted.
@Suite("PROSEC-ADM-2015 over HTTP and on its pages")
struct SupervisionAPITests {
    static let prosecutor = Role(rawValue: "prosecutor"), supervisor = Role(rawValue: "supervising_prosecutor")
    static let oblast = #"{"id": "almaty-oblast", "kind": "territorial", "level": "oblast", "locations": ["almaty-oblast"]}"#
    static let karasai = #"{"id": "karasai", "name": "Қарасай ауданының прокуратурасы", "kind": "territorial", "level": "district", "locations": ["karasai"], "parent": "almaty-oblast"}"#
    static let talgar = #"{"id": "talgar", "kind": "territorial", "level": "district", "locations": ["talgar"], "parent": "almaty-oblast"}"#
    /// A tax-obligation case terminated without the prosecutor: 30 тәулік from 7 Apr 2017 end on Sunday 7 May; 8 May
    /// (the Defender's Day moved) and 9 May (Victory Day) are off → due Wednesday 10 May.
    static let k102 = #"{"id": "K-102", "kind": "offence", "courtLocation": "karasai", "obligationCase": "tax", "prosecutorParticipated": false, "decidedOn": "2017-04-05", "outcome": "terminated", "copyReceivedOn": "2017-04-07", "enteredIntoForceOn": "2017-05-12"}"#

    @Test func recordJudgeAndSee() async throws {
        try await withAPI(demoApplications: 1) { h, c in
            for office in [Self.oblast, Self.karasai, Self.talgar] {
                let r = try await c.post("/api/v1/supervision/offices", office, as: .admin)
                #expect(r.status == .created, "\(r)")
            }
            #expect(try await c.post("/api/v1/supervision/offices", Self.karasai, as: .admin).status == .conflict, "recorded once")
            #expect(try await c.post("/api/v1/supervision/offices", #"{"id": "x", "kind": "territorial", "level": "district", "locations": ["karasai"], "parent": "almaty-oblast"}"#, as: .admin)
                .error?.path == "$.locations", "two district territorial offices cannot cover one place")
            // Karasai's prosecutor records Karasai's cases, not Talgar's; the reader's rules say where.
            #expect(try await c.post("/api/v1/supervision/cases", Self.k102, as: Self.prosecutor).status == .created)
            #expect(try await c.post("/api/v1/supervision/cases", Self.k102, as: Self.prosecutor).status == .conflict)
            let talgarCase = Self.k102.replacingOccurrences(of: "K-102", with: "T-1").replacingOccurrences(of: "\"karasai\"", with: "\"talgar\"")
            #expect(try await c.post("/api/v1/supervision/cases", talgarCase, as: Self.prosecutor).status == .forbidden)
            let nowhere = try await c.post("/api/v1/supervision/cases", talgarCase.replacingOccurrences(of: "\"talgar\"", with: "\"nowhere\""), as: .admin)
            #expect(nowhere.status == .unprocessableContent && nowhere.error?.path == "$.courtLocation", "\(nowhere)")
            let future = try await c.post("/api/v1/supervision/cases", talgarCase.replacingOccurrences(of: "2017-05-12", with: "2999-01-01"), as: .admin)
            #expect(future.status == .unprocessableContent && future.error?.path == "$.enteredIntoForceOn", "\(future)")

            // The case as of 1 Aug 2017: §6 item 7, routed to Karasai, the protest term due 10 May, studied never.
            let got = try await c.get("/api/v1/supervision/cases/K-102?asOf=2017-08-01", as: Self.supervisor)
            #expect(got.status == .ok, "\(got)")
            #expect(got.text.contains("\"categories\": [\"taxation\"]") && got.text.contains("\"basis\": \"territorial\"") && got.text.contains("\"reviewOffice\": \"almaty-oblast\""), "\(got.text)")
            #expect(got.text.contains("\"protestTerm\": {\"tauliks\": 30, \"from\": \"2017-04-07\", \"due\": \"2017-05-10\"}"))
            for code in ["participation_missing", "study_late", "substantive_conclusion_late"] { #expect(got.text.contains("\"code\": \"\(code)\""), "\(code)") }
            // As of 5 Apr 2017 the case was just decided: the terms are not yet running.
            let early = try await c.get("/api/v1/supervision/cases/K-102?asOf=2017-04-05", as: .inspector)
            #expect(early.status == .ok && !early.text.contains("study_late") && early.text.contains("\"protestTerm\": null"), "\(early.text)")
            #expect(try await c.get("/api/v1/supervision/cases/K-102?asOf=2017-04-04", as: .inspector).status == .notFound, "not yet decided")
            let list = try await c.get("/api/v1/supervision/findings?asOf=2017-08-01&code=study_late&office=karasai", as: .inspector)
            #expect(list.status == .ok && list.text.components(separatedBy: "\"code\":").count == 2, "\(list.text)")
            #expect(try await c.get("/api/v1/supervision/findings?code=nope", as: .inspector).status == .badRequest)
            #expect(try await h.auditIsWhole())

            // The pages: the morning list on the due day, and the case in Russian with the count day by day.
            let (prosecutor, csrf) = try await PagesTests.signIn(c, "prosecutor")
            let morning = try await c.call(.get, "/supervision?asOf=2017-05-10", headers: prosecutor)
            #expect(morning.status == .ok && morning.text.contains("data-office=\"karasai\"") && morning.text.contains("data-state=\"due_today\""), "\(morning.text.prefix(500))")
            var headers = prosecutor; headers.append(contentsOf: PagesTests.formHeaders)
            _ = try await c.call(.post, "/language", json: "csrf=\(csrf)&lang=ru&next=%2Fsupervision", headers: headers)
            let page = try await c.call(.get, "/supervision/cases/K-102?asOf=2017-08-01", headers: prosecutor)
            #expect(page.status == .ok && page.text.contains("30 сут.") && page.text.contains("<tr class=\"day holiday\">") && page.text.contains("Победы") && page.text.contains("10 мая 2017"), "\(page.text)")
            #expect(page.text.contains("data-code=\"participation_missing\"") && page.text.contains("налогообложение"))
            #expect(try await c.call(.get, "/supervision/cases/T-1", headers: prosecutor).status == .notFound)
            // §27 and §18: the application register; §22–24: the indicators, refused over a period not wholly in force.
            #expect(try await c.post("/api/v1/supervision/applications", #"{"id": "AP-1", "case": "K-102", "kind": "cassation_protest", "receivedOn": "2017-06-01", "signedBy": "applicant", "certifiedCopies": true, "handling": "considered"}"#, as: Self.prosecutor).status == .created)
            let register = try await c.call(.get, "/supervision/applications?asOf=2017-07-01", headers: prosecutor)
            #expect(register.status == .ok && register.text.contains("data-application=\"AP-1\"") && register.text.contains("адресат") && register.text.contains("Обращение не возвращено"), "\(register.text.prefix(400))")
            // §18 on the case page: a complete cassation application is not returned, so the case is requisitioned —
            // 3 working days from 1 June 2017 (a Thursday) past the weekend, Tuesday 6 June — counted day by day.
            let complete = #"{"addressee": true, "applicantName": true, "applicantResidence": true, "applicantStatus": true, "courtsAndDecisions": true, "contestedResolution": true, "violationAndRequest": true}"#
            #expect(try await c.post("/api/v1/supervision/applications", #"{"id": "AP-2", "case": "K-102", "kind": "cassation_protest", "receivedOn": "2017-06-01", "signedBy": "applicant", "certifiedCopies": true, "contents": "# + complete + "}", as: Self.prosecutor).status == .created)
            let withApplication = try await c.call(.get, "/supervision/cases/K-102?asOf=2017-07-01", headers: prosecutor)
            #expect(withApplication.text.contains("Поручение об истребовании дела (AP-2)") && withApplication.text.contains("data-due=\"2017-06-06\""), "\(withApplication.text)")
            let kpis = try await c.call(.get, "/supervision/indicators?from=2017-01-01&to=2017-12-31", headers: prosecutor)
            #expect(kpis.status == .ok && kpis.text.contains("id=\"kpi-table\"") && kpis.text.contains("PROSEC-ADM-2015 п. 23"), "\(kpis.text.prefix(400))")
            let before = try await c.call(.get, "/supervision/indicators?from=2016-01-01&to=2016-12-31", headers: prosecutor)
            #expect(before.text.contains("id=\"kpi-validity\"") && !before.text.contains("id=\"kpi-table\""), "a period starting under the 2015 wording: no indicator")
            let book = try await c.call(.get, "/supervision/indicators.xlsx?from=2017-01-01&to=2017-12-31", headers: prosecutor)
            #expect(book.status == .ok && book.bytes.prefix(2) == [0x50, 0x4B], "a zip")
        }
    }
}
