import AdministrativePractice
import Foundation
import JSONKit
import LegalCore
import Storage
import WorkCalendar

/// ADM-PRACTICE-2025's demo: two bodies with about a year of history before the given day — changes of order,
/// an instruction updated late, one never placed, a missed quarter, a lost case without its measures, a late
/// report — so that a newcomer sees every kind of finding. Dates count back from `asOf` (never before the decree).
enum PracticeDemo {
    static func load(store: Store, calendar: KazakhCalendar, asOf: Instant) async throws {
        let today = (try? calendar.localDay(seconds: asOf.secondsSinceEpoch, zone: calendar.zones.resolve(ZoneTable.capital)))
            ?? asOf.localDate(offsetSeconds: 5 * 3600)
        let start = max(Practice.inForceFrom, LocalDate(dayNumber: today.dayNumber - 400))
        /// `n` days after the history's start, never after today.
        func d(_ n: Int) -> String { min(LocalDate(dayNumber: start.dayNumber + Int32(n)), today).description }
        func text(_ n: Int, _ prefix: String) -> String {
            "{" + (1...n).map { "\"\($0)\": \(JSONText.string("\(prefix) \($0)"))" }.joined(separator: ", ") + "}"
        }
        let app1 = text(8, "1-қосымшаның бағаны"), app2 = text(14, "2-қосымшаның жолы")
        let periods = sequence(first: HalfYear.first) { $0.next }.prefix { $0.nominalDue < today }
        /// Every report due so far, submitted the day before its due day — but the one at `late`, four days after.
        func reports(late: Int?) -> String {
            periods.enumerated().map { i, p in
                "{\"period\": \"\(p)\", \"submittedOn\": \"\(LocalDate(dayNumber: p.nominalDue.dayNumber + (i == late ? 4 : -1)))\"}"
            }.joined(separator: ", ")
        }
        // The registry is the body's own record, typed in its working language: the demo's is Kazakh.
        let abai = """
        {"id": "akimat-abai", "name": "Абай ауданының әкімдігі", "kind": "district",
         "procedures": [
          {"id": "land-plot-allocation", "listedOn": "\(d(5))", "app1": \(app1), "orderChanges": ["\(d(120))"], "actFormInLaw": true,
           "instructions": [{"version": "1", "approvedOn": "\(d(10))", "placedOn": "\(d(11))", "approverRole": "head", "app2": \(app2)},
                            {"version": "2", "approvedOn": "\(d(225))", "placedOn": "\(d(226))", "approverRole": "head", "app2": \(app2)}]},
          {"id": "trade-place", "listedOn": "\(d(30))", "app1": {"1": "сауда", "2": "сауда орындары", "3": "жоқ", "4": "әкімдік", "5": "әкім", "6": "міндетті", "8": "Сауда қызметін реттеу туралы Заңның 27-бабы"},
           "orderChanges": ["\(d(300))"],
           "instructions": [{"version": "1", "approvedOn": "\(d(40))", "approverRole": "deputy_head", "app2": {"1": "әкімдік", "2": "e-Өтініш", "3": "жазбаша", "4": "09:00–18:30", "5": "Сауда қызметін реттеу туралы Заң", "6": "өтініш", "7": "10 жұмыс күні", "10": "рұқсат", "11": "толық құжаттар топтамасы", "13": "ҚР ӘРПК", "14": "ҚР ӘРПК 73-бабы"}}]},
          {"id": "agricultural-subsidy", "listedOn": "\(d(60))", "app1": \(app1), "actFormInLaw": false},
          {"id": "outdoor-advertising", "listedOn": "\(d(60))", "publicService": true}],
         "knowledgeBaseReviews": ["\(d(95))", "\(d(270))", "\(d(360))"],
         "courtCases": [
          {"id": "3-101/2025", "field": "жер қатынастары", "procedure": "land-plot-allocation", "filedOn": "\(d(20))",
           "act": {"name": "жер учаскесі туралы қаулы", "content": "беруден бас тарту", "adoptedOn": "\(d(1))"},
           "pretrial": {"held": true, "by": "әкім", "act": "шағымға жауап", "reason": "жоспар ұсынылмаған"},
           "claim": "бас тартуды жою", "firstInstance": {"caseNumber": "3-101/2025", "date": "\(d(80))", "outcome": "against_body", "content": "бас тарту жойылды"},
           "inForceOn": "\(d(112))", "annulmentReasons": "тыңдау өткізілмеген"},
          {"id": "3-207/2025", "field": "сауда", "procedure": "trade-place", "filedOn": "\(d(90))",
           "act": {"name": "сауда орындары туралы бұйрық", "content": "орын алынып қойылды", "adoptedOn": "\(d(50))"},
           "pretrial": {"held": false}, "claim": "орынды қалпына келтіру",
           "firstInstance": {"caseNumber": "3-207/2025", "date": "\(d(150))", "outcome": "for_body", "content": "талап қанағаттандырусыз қалдырылды"}, "inForceOn": "\(d(182))"},
          {"id": "3-350/2026", "field": "жер қатынастары", "filedOn": "\(d(330))", "act": {"name": "қаулы", "content": "сервитут", "adoptedOn": "\(d(300))"},
           "pretrial": {"held": false}}],
         "reports": [\(reports(late: 1))],
         "targets": [{"year": \(start.year), "percent": 30}]}
        """
        let astana = """
        {"id": "uap-astana", "name": "Астана қаласының сәулет және қала құрылысы басқармасы", "kind": "capital",
         "procedures": [
          {"id": "architectural-assignment", "listedOn": "\(d(5))", "app1": \(app1), "actFormInLaw": true,
           "instructions": [{"version": "1", "approvedOn": "\(d(15))", "placedOn": "\(d(16))", "approverRole": "head", "app2": \(app2)}]}],
         "knowledgeBaseReviews": [\((0..<6).map { "\"\(d(45 + 91 * $0))\"" }.joined(separator: ", "))],
         "reports": [\(reports(late: nil))],
         "targets": [\((start.year...today.year).map { "{\"year\": \($0), \"percent\": \(max(0, 10 - 2 * ($0 - start.year)))}" }.joined(separator: ", "))]}
        """
        for (id, json) in [("akimat-abai", abai), ("uap-astana", astana)] {
            _ = try PracticeJSON.bodyDocument(json)  // the demo is held to the contract like any input
            // The demo's facts have no day of entry: taken as they stand (RecordedFact).
            _ = try await store.putPracticeBody(id: id, json: json, actor: "demo", recordedOn: today.description) { _ in [] }
        }
    }
}
