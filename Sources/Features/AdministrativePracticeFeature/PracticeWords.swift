import AdministrativePractice
import Foundation
import LegalCore
import WebKit

/// The act's subjects in the reader's words: a quarter as «2026 жылғы IV тоқсан» / «IV квартал 2026 г.», a report
/// period by its dates — never `2026-Q4` or `2026-12` on a page.
struct PracticeWords: Sendable {
    let i18n: I18n

    static let roman = ["I", "II", "III", "IV"]

    func quarter(year: Int, number: Int, _ lang: Language) -> String {
        i18n.t("practice_quarter", lang, ["year": String(year), "roman": Self.roman[number - 1]])
    }

    func period(_ p: HalfYear, _ lang: Language) -> String {
        i18n.t("practice_period", lang, ["from": i18n.longDate(p.from, lang), "to": i18n.longDate(p.to, lang)])
    }

    /// A finding's or duty's subject: a quarter, a report period or a year in words; a procedure's or case's id as given.
    func subject(_ s: String, _ lang: Language) -> String {
        if let m = s.wholeMatch(of: /([0-9]{4})-Q([1-4])/), let y = Int(m.1), let n = Int(m.2) { return quarter(year: y, number: n, lang) }
        if let p = HalfYear(s) { return period(p, lang) }
        return s
    }

    /// What a duty asks, in words.
    func duty(_ d: PracticeDuty, _ lang: Language) -> String {
        switch d.kind {
        case .actualization:
            return i18n.t("practice_duty_actualization", lang, ["procedure": d.subject, "changed": d.changedOn.map { i18n.longDate($0, lang) } ?? "—"])
        case .knowledgeBaseReview: return i18n.t("practice_duty_knowledge_base_review", lang, ["quarter": subject(d.subject, lang)])
        case .report: return i18n.t("practice_duty_report", lang, ["period": subject(d.subject, lang)])
        }
    }

    /// Where the duty is done.
    static func href(_ d: PracticeDuty) -> String {
        switch d.kind {
        case .actualization: return "/practice/\(d.body)/procedures/\(PageKit.segment(d.subject))"
        case .knowledgeBaseReview: return "/practice/\(d.body)/knowledge-base"
        case .report: return "/practice/\(d.body)/report?period=\(d.subject)"
        }
    }
}
