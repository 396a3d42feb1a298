import Foundation
import LegalCore
import Storage
import WorkCalendar

/// PROSEC-ADM-2015's demo: the offices of Almaty oblast (territorial, military, transport, environmental) and cases
/// of 2016–2018 that exercise the categories, the routes and the terms — one decided under the 2015 wording, one
/// whose term runs past the repeal, one after it — with applications and reports. The act's life lies in the past:
/// the dates are fixed, never counted from the day the server starts.
enum SupervisionDemo {
    static let oblast = "almaty-oblast"
    static let district = "karasai"

    static let offices: [String] = [
        #"{"id": "almaty-oblast", "name": "Алматы облысының прокуратурасы", "kind": "territorial", "level": "oblast", "locations": ["almaty-oblast"]}"#,
        #"{"id": "karasai", "name": "Қарасай ауданының прокуратурасы", "kind": "territorial", "level": "district", "locations": ["karasai"], "parent": "almaty-oblast"}"#,
        #"{"id": "talgar", "name": "Талғар ауданының прокуратурасы", "kind": "territorial", "level": "district", "locations": ["talgar"], "parent": "almaty-oblast"}"#,
        #"{"id": "mil-almaty", "name": "Алматы гарнизонының әскери прокуратурасы", "kind": "military", "level": "district", "locations": ["karasai", "talgar"], "parent": "almaty-oblast"}"#,
        #"{"id": "trans-almaty", "name": "Алматы көліктік прокуратурасы", "kind": "transport", "level": "district", "locations": ["karasai"], "parent": "almaty-oblast"}"#,
        #"{"id": "eco-ile", "name": "Іле-Балқаш табиғат қорғау прокуратурасы", "kind": "environmental", "level": "district", "locations": ["talgar"], "parent": "almaty-oblast"}"#,
    ]

    static let cases: [String] = [
        // A minor's case, studied in time: the 10 тәулік from 16 Mar 2017 end on Sunday 26 Mar, moved to Monday 27 Mar.
        #"{"id": "K-101", "kind": "offence", "courtLocation": "karasai", "minor": true, "prosecutorParticipated": true, "decidedOn": "2017-03-14", "outcome": "penalty", "copyReceivedOn": "2017-03-16", "studiedOn": "2017-03-20", "studyResult": "lawful", "enteredIntoForceOn": "2017-03-28"}"#,
        // A tax-obligation case terminated without the prosecutor: 30 тәулік from 7 Apr end on Sunday 7 May; 8 May (Defender's Day moved) and 9 May are off → 10 May; never studied; the §10 conclusion late.
        #"{"id": "K-102", "kind": "offence", "courtLocation": "karasai", "obligationCase": "tax", "prosecutorParticipated": false, "decidedOn": "2017-04-05", "outcome": "terminated", "copyReceivedOn": "2017-04-07", "enteredIntoForceOn": "2017-05-12", "conclusionApprovedOn": "2017-07-10"}"#,
        // AOC ch. 32: the military prosecutor's.
        #"{"id": "K-103", "kind": "offence", "courtLocation": "karasai", "aocChapter": 32, "militaryStatus": "serviceman", "prosecutorParticipated": true, "decidedOn": "2017-06-02", "outcome": "penalty", "copyReceivedOn": "2017-06-05", "studiedOn": "2017-06-06", "studyResult": "lawful"}"#,
        // Confiscation on a transport body's protocol, the transport prosecutor not notified: the territorial office took it.
        #"{"id": "K-104", "kind": "offence", "courtLocation": "karasai", "sanctionsProvided": ["confiscation"], "initiator": {"kind": "body", "transport": true}, "specializedNotified": false, "prosecutorParticipated": true, "decidedOn": "2017-08-15", "outcome": "penalty", "copyReceivedOn": "2017-08-16", "studiedOn": "2017-08-18", "studyResult": "lawful"}"#,
        // An environmental prosecutor's case, protested late, annulled on appeal on the protest.
        #"{"id": "T-201", "kind": "offence", "courtLocation": "talgar", "spheres": ["environment"], "initiator": {"kind": "prosecutor", "office": "eco-ile"}, "prosecutorParticipated": true, "decidedOn": "2017-09-12", "outcome": "penalty", "copyReceivedOn": "2017-09-13", "studiedOn": "2017-09-20", "studyResult": "unlawful", "protests": [{"id": "PR-201", "stage": "appeal", "filedOn": "2017-09-26", "by": "participating_prosecutor", "outcome": "satisfied", "decidedOn": "2017-10-20"}], "appeal": {"decidedOn": "2017-10-20", "result": "annulled", "prosecutorParticipated": true}}"#,
        // A complaint under ch. 45 checked by the district office's unit that initiated it: studied as unlawful, never protested.
        #"{"id": "T-202", "kind": "complaint_ch45", "courtLocation": "talgar", "initiator": {"kind": "prosecutor", "office": "talgar", "unit": "әкімшілік заңнаманы қадағалау бөлімі"}, "prosecutorParticipated": true, "decidedOn": "2017-11-06", "outcome": "complaint_rejected", "copyReceivedOn": "2017-11-08", "studiedOn": "2017-11-10", "studyResult": "unlawful"}"#,
        // Protests by those who may not bring them (§13, §25); the appeal reviewed without the prosecutor (§8).
        #"{"id": "K-105", "kind": "offence", "courtLocation": "karasai", "prosecutorParticipated": false, "decidedOn": "2017-10-02", "outcome": "penalty", "copyReceivedOn": "2017-10-03", "protests": [{"id": "PR-105A", "stage": "appeal", "filedOn": "2017-10-09", "by": "other_prosecutor", "outcome": "unsatisfied", "decidedOn": "2017-11-01"}, {"id": "PR-105C", "stage": "cassation", "filedOn": "2018-01-15", "by": "oblast_prosecutor"}], "appeal": {"decidedOn": "2017-11-01", "result": "upheld", "prosecutorParticipated": false}}"#,
        // Decided under the 2015 wording: only the unamended paragraphs apply.
        #"{"id": "K-106", "kind": "offence", "courtLocation": "karasai", "prosecutorParticipated": true, "decidedOn": "2016-01-20", "outcome": "terminated", "copyReceivedOn": "2016-01-21", "studiedOn": "2016-01-25"}"#,
        // Decided in force, its protest term running past the repeal: judged by the day of its decision.
        #"{"id": "K-107", "kind": "offence", "courtLocation": "karasai", "spheres": ["corruption"], "prosecutorParticipated": true, "decidedOn": "2018-04-25", "outcome": "penalty", "copyReceivedOn": "2018-05-08"}"#,
        // Decided after the repeal: outside the order's life.
        #"{"id": "K-108", "kind": "offence", "courtLocation": "karasai", "minor": true, "prosecutorParticipated": false, "decidedOn": "2018-07-10", "outcome": "penalty"}"#,
        // The other §6 items: arrest provided by the article; a higher prosecutor's request; electoral rights;
        // expulsion; forced demolition; a complaint under ch. 44 — each attended and studied in time, one protest on time.
        #"{"id": "K-109", "kind": "offence", "courtLocation": "karasai", "sanctionsProvided": ["arrest"], "prosecutorParticipated": true, "decidedOn": "2016-09-05", "outcome": "penalty", "copyReceivedOn": "2016-09-06", "studiedOn": "2016-09-08", "studyResult": "lawful"}"#,
        #"{"id": "K-110", "kind": "offence", "courtLocation": "karasai", "requiredByHigherProsecutor": true, "spheres": ["electoral"], "prosecutorParticipated": true, "decidedOn": "2016-11-14", "outcome": "penalty", "copyReceivedOn": "2016-11-15", "studiedOn": "2016-11-17", "studyResult": "unlawful", "protests": [{"id": "PR-110", "stage": "appeal", "filedOn": "2016-11-22", "by": "district_prosecutor", "outcome": "partially_satisfied", "decidedOn": "2016-12-20"}], "appeal": {"decidedOn": "2016-12-20", "result": "changed", "prosecutorParticipated": true}}"#,
        #"{"id": "T-204", "kind": "offence", "courtLocation": "talgar", "sanctionsProvided": ["expulsion"], "prosecutorParticipated": true, "decidedOn": "2017-01-18", "outcome": "penalty", "copyReceivedOn": "2017-01-19", "studiedOn": "2017-01-23", "studyResult": "lawful"}"#,
        #"{"id": "T-205", "kind": "offence", "courtLocation": "talgar", "sanctionsProvided": ["demolition"], "prosecutorParticipated": true, "decidedOn": "2017-04-19", "outcome": "penalty", "copyReceivedOn": "2017-04-20", "studiedOn": "2017-04-24", "studyResult": "lawful"}"#,
        #"{"id": "K-111", "kind": "complaint_ch44", "courtLocation": "karasai", "prosecutorParticipated": true, "decidedOn": "2018-02-06", "outcome": "complaint_rejected", "copyReceivedOn": "2018-02-07", "studiedOn": "2018-02-09", "studyResult": "lawful"}"#,
        // An annulment on appeal the Department was asked late to leave out of §22's indicator; private resolutions (§24).
        #"{"id": "T-203", "kind": "offence", "courtLocation": "talgar", "spheres": ["customs"], "prosecutorParticipated": true, "decidedOn": "2017-02-08", "outcome": "penalty", "copyReceivedOn": "2017-02-09", "studiedOn": "2017-02-10", "studyResult": "lawful", "appeal": {"decidedOn": "2017-03-15", "result": "changed", "prosecutorParticipated": true, "exclusion": {"reason": "penalty_within_sanction", "decisionOn": "2017-03-15", "requestedOn": "2017-04-05", "consented": true}}, "privateResolutions": [{"issuedOn": "2017-02-08", "onProsecutorMotion": true, "confirmedBy": ["hearing_record"]}, {"issuedOn": "2017-02-08", "onProsecutorMotion": true}]}"#,
    ]

    static let applications: [String] = [
        // A cassation application without its applicant's details, considered instead of returned (§27).
        #"{"id": "AP-1", "case": "K-102", "kind": "cassation_protest", "receivedOn": "2017-06-01", "contents": {"addressee": true, "applicantName": true, "courtsAndDecisions": true, "contestedResolution": true, "violationAndRequest": true}, "signedBy": "applicant", "certifiedCopies": true, "handling": "considered"}"#,
        // A complete cassation application: the instruction to requisition the case given late (§18), the court late too.
        #"{"id": "AP-2", "case": "K-105", "kind": "cassation_protest", "receivedOn": "2017-11-20", "requisitionInstructedOn": "2017-11-27", "requestReachedCourtOn": "2017-11-28", "courtSentCaseOn": "2017-12-12", "contents": {"addressee": true, "applicantName": true, "applicantResidence": true, "applicantStatus": true, "courtsAndDecisions": true, "contestedResolution": true, "violationAndRequest": true}, "signedBy": "representative", "powerOfAttorney": true, "certifiedCopies": true, "handling": "considered"}"#,
        // An appeal application in a case outside §6: the applicant is told he may appeal himself.
        #"{"id": "AP-3", "case": "K-103", "kind": "appeal_protest", "receivedOn": "2017-06-07", "handling": "considered"}"#,
    ]

    static let reports: [String] = [
        #"{"id": "R-1", "office": "karasai", "kind": "quarterly_analysis", "period": "2017-Q1", "submittedOn": "2017-03-24"}"#,
        #"{"id": "R-2", "office": "karasai", "kind": "monthly_study", "period": "2017-04", "submittedOn": "2017-04-28"}"#,
        #"{"id": "R-3", "office": "almaty-oblast", "kind": "regional_report", "period": "2017-Q2", "submittedOn": "2017-07-04"}"#,
        #"{"id": "R-4", "office": "karasai", "kind": "reconciliation", "period": "2017-Q3"}"#,
    ]

    /// Two years of routine work (May 2016 – April 2018, eight cases a month in Karasai and Talgar), the way a district's
    /// docket looks: most cases attended and studied in time, and among them every §6 item, every route (military,
    /// transport, environmental, territorial), the 30-тәулік obligation cases, protests that succeed and fail,
    /// annulments on the person's own appeal (§22's divisor), private resolutions (§24), and a few misses — a study
    /// late, a participation missing, an application not returned. The first days of May 2018 leave studies running
    /// on the order's last mornings. Written out as the same JSON a user would post, so it goes through the same
    /// validation as everything else.
    static let routine: (cases: [String], applications: [String], reports: [String]) = {
        var cases: [String] = [], applications: [String] = [], reports: [String] = []
        func day(_ d: LocalDate, _ n: Int) -> String { d.adding(days: n).description }
        var i = 0
        var month = LocalDate(year: 2016, month: 5, day: 1)!
        while month < LocalDate(year: 2018, month: 5, day: 1)! {
            for slot in 0..<8 {
                defer { i += 1 }
                let talgar = slot % 2 == 1
                let id = (talgar ? "T-" : "K-") + String(month.description.prefix(7)).replacingOccurrences(of: "-", with: "") + "-\(slot + 1)"
                let decided = month.adding(days: 2 + 3 * slot)
                let copy = day(decided, 1)
                let studied = day(decided, 4)
                var fields: [String] = ["\"id\": \"\(id)\"", "\"kind\": \"offence\"", "\"courtLocation\": \"\(talgar ? "talgar" : "karasai")\"",
                                        "\"decidedOn\": \"\(decided)\"", "\"copyReceivedOn\": \"\(copy)\""]
                var participated = true, outcome = "penalty", study: String? = "lawful", studiedOn: String? = studied
                var entered: String? = day(decided, 14)
                switch i % 12 {
                case 0: participated = false; study = nil; studiedOn = nil                        // outside §6: no duty to attend
                case 1: fields.append("\"minor\": true")
                case 2: fields.append("\"obligationCase\": \"\(["tax", "pension", "social_insurance"][i % 3])\""); outcome = "terminated"
                        studiedOn = day(decided, 20); entered = day(decided, 34)               // 30 тәулік: studied on day 19
                case 3: fields.append("\"spheres\": [\"corruption\"]"); outcome = "terminated"
                        fields.append("\"conclusionApprovedOn\": \"\(day(decided, 35))\"")      // §10 within 30 working days
                case 4: fields.append("\"spheres\": [\"environment\"]")
                        fields.append("\"initiator\": {\"kind\": \"prosecutor\", \"office\": \"\(talgar ? "eco-ile" : "karasai")\"}")
                case 5: fields.append("\"sanctionsProvided\": [\"arrest\"]"); study = "unlawful"; entered = day(decided, 40)
                        let (outcomeP, result) = [("satisfied", "annulled"), ("partially_satisfied", "changed"), ("unsatisfied", "upheld")][(i / 12) % 3]
                        fields.append("\"protests\": [{\"id\": \"PR-\(id)\", \"stage\": \"appeal\", \"filedOn\": \"\(day(decided, 6))\", \"by\": \"participating_prosecutor\", \"outcome\": \"\(outcomeP)\", \"decidedOn\": \"\(day(decided, 40))\"}]")
                        fields.append("\"appeal\": {\"decidedOn\": \"\(day(decided, 40))\", \"result\": \"\(result)\", \"prosecutorParticipated\": true}")
                case 6: fields.append("\"sanctionsProvided\": [\"confiscation\"]"); fields.append("\"initiator\": {\"kind\": \"body\", \"transport\": true}")
                case 7: fields.append("\"aocChapter\": 32"); fields.append("\"militaryStatus\": \"serviceman\"")
                case 8: fields.append("\"spheres\": [\"electoral\"]"); studiedOn = day(decided, 14)   // studied after the 10 тәулік
                case 9: study = nil; studiedOn = nil; entered = day(decided, 30)               // annulled on the person's own appeal
                        fields.append("\"appeal\": {\"decidedOn\": \"\(day(decided, 30))\", \"result\": \"\(i % 2 == 0 ? "annulled" : "changed")\", \"prosecutorParticipated\": true}")
                case 10: fields.append("\"spheres\": [\"customs\"]")
                         fields.append("\"privateResolutions\": [{\"issuedOn\": \"\(decided)\", \"onProsecutorMotion\": true, \"confirmedBy\": [\"court_act\"]}]")
                default: fields.append("\"minor\": true"); participated = i % 5 != 0               // now and then without the prosecutor
                }
                fields.append("\"prosecutorParticipated\": \(participated)"); fields.append("\"outcome\": \"\(outcome)\"")
                if let studiedOn { fields.append("\"studiedOn\": \"\(studiedOn)\"") }
                if let study, studiedOn != nil { fields.append("\"studyResult\": \"\(study)\"") }
                if let entered { fields.append("\"enteredIntoForceOn\": \"\(entered)\"") }
                cases.append("{" + fields.joined(separator: ", ") + "}")
                // Every seventh case draws an application for a cassation protest; every third of those lacks the
                // applicant's residence and is still considered (§27 says: return it).
                if i % 7 == 3 {
                    let complete = i % 3 != 0
                    let received = decided.adding(days: 60)
                    applications.append("{\"id\": \"AP-\(id)\", \"case\": \"\(id)\", \"kind\": \"cassation_protest\", \"receivedOn\": \"\(received)\", "
                        + (complete ? "\"requisitionInstructedOn\": \"\(day(received, 1))\", \"requestReachedCourtOn\": \"\(day(received, 3))\", \"courtSentCaseOn\": \"\(day(received, 8))\", " : "")
                        + "\"contents\": {\"addressee\": true, \"applicantName\": true, \"applicantResidence\": \(complete), \"applicantStatus\": true, \"courtsAndDecisions\": true, \"contestedResolution\": true, \"violationAndRequest\": true}, "
                        + "\"signedBy\": \"applicant\", \"certifiedCopies\": true, \"handling\": \"considered\"}")
                }
            }
            // §20 and §28: each district's quarterly analysis by the 25th of the quarter's last month (one in eight a
            // day late) and the oblast's regional report by the 5th after the quarter.
            let (y, m, _) = month.components
            if m % 3 == 0 {
                let q = "\(y)-Q\(m / 3)"
                for office in ["karasai", "talgar"] {
                    let late = (y + m + office.count) % 8 == 0
                    reports.append("{\"id\": \"RQ-\(office)-\(q)\", \"office\": \"\(office)\", \"kind\": \"quarterly_analysis\", \"period\": \"\(q)\", \"submittedOn\": \"\(day(month, late ? 27 : 22))\"}")
                }
                reports.append("{\"id\": \"RR-\(q)\", \"office\": \"almaty-oblast\", \"kind\": \"regional_report\", \"period\": \"\(q)\", \"submittedOn\": \"\(day(month, 33))\"}")
            }
            month = LocalDate(year: y + m / 12, month: m % 12 + 1, day: 1)!
        }
        // The order's last mornings: copies received on 2 and 3 May 2018, their 10 тәулік running to 14 May.
        for (n, received) in ["2018-05-02", "2018-05-03"].enumerated() {
            cases.append("{\"id\": \"K-201805-\(n + 1)\", \"kind\": \"offence\", \"courtLocation\": \"karasai\", \"minor\": true, \"prosecutorParticipated\": true, "
                         + "\"decidedOn\": \"2018-04-30\", \"outcome\": \"penalty\", \"copyReceivedOn\": \"\(received)\"}")
        }
        return (cases, applications, reports)
    }()

    /// `POST /api/v1/supervision/evaluate`'s example: the demo as of 1 Mar 2018 with the indicators of 2017's first half.
    static var evaluateExample: String {
        "{\"asOf\": \"2018-03-01\", \"offices\": [\(offices.joined(separator: ", "))], \"cases\": [\(cases.filter { !$0.contains("2018-04") && !$0.contains("2018-05") && !$0.contains("2018-07") }.joined(separator: ", "))], "
            + "\"kpiPeriod\": {\"from\": \"2017-01-01\", \"to\": \"2017-06-30\"}}"
    }

    /// The offices' names on Russian pages.
    static let russianNames: [String: String] = [
        "almaty-oblast": "Прокуратура Алматинской области", "karasai": "Прокуратура Карасайского района",
        "talgar": "Прокуратура Талгарского района", "mil-almaty": "Военная прокуратура Алматинского гарнизона",
        "trans-almaty": "Алматинская транспортная прокуратура", "eco-ile": "Иле-Балхашская природоохранная прокуратура",
    ]

    static func load(store: Store) async throws {
        for json in offices {
            let id = try json.firstMatch(of: /"id": "([^"]+)", "name": "([^"]+)"/).map { (String($0.1), String($0.2)) }.unwrap()
            if try await !store.organizations().contains(where: { $0.id == id.0 }) {
                try await store.putOrganization(.init(id: id.0, name: id.1, bin: nil, kind: "prosecutor_office"), actor: "demo")
                if let ru = russianNames[id.0] { try await store.setOrganizationName(id: id.0, lang: "ru", name: ru, actor: "demo") }
            }
            _ = try await store.addSupervisionRecord(.office, id: id.0, json: json, actor: "demo")
        }
        for (kind, list) in [(SupervisionStore.Kind.case, cases + routine.cases), (.application, applications + routine.applications),
                             (.report, reports + routine.reports)] {
            for json in list {
                let id = try json.firstMatch(of: /"id": "([^"]+)"/).map { String($0.1) }.unwrap()
                _ = try await store.addSupervisionRecord(kind, id: id, json: json, actor: "demo")
            }
        }
    }
}

extension Optional {
    struct Missing: Error {}
    func unwrap() throws -> Wrapped { guard let self else { throw Missing() }; return self }
}
