import Foundation
import Hummingbird
import LegalCore
import WebKit
import WorkCalendar

/// The calendar of a year: every special day with its legal source, the months, the working-day count.
extension Web {
    // MARK: calendar

    func calendarPage(_ req: Request, _ v: Viewer) async throws -> Response {
        let (_, today) = try Today.of(calendar)
        let asked = req.uri.queryParameters["year"].flatMap { Int(String($0)) }
        let year = asked ?? min(max(today.year, calendar.firstYear), calendar.lastYear)
        guard (calendar.firstYear...calendar.lastYear).contains(year) else {
            throw APIError.rule(i18n.t("calendar_not_covered", v.lang) + " \(calendar.firstYear)–\(calendar.lastYear)", path: "year", code: "calendar_not_covered")
        }
        var c = kit.base(v, title: i18n.t("calendar_title", v.lang) + " \(year)")
        c["year"] = year
        c["years"] = (calendar.firstYear...calendar.lastYear).map { ["year": $0, "selected": $0 == year] }
        let special: [DayInfo]
        do { special = try calendar.specialDays(year: year) } catch { throw APIError.rule(error.description, path: "year", code: error.code) }
        c["special"] = special.map { d -> [String: Any] in
            var s: [String: Any] = ["date": kit.date(d.date, v.lang), "weekday": i18n.t("weekday_\(d.date.isoWeekday)", v.lang),
                                    "kind": i18n.t("day_kind_\(d.kind.rawValue)", v.lang), "kind_class": d.kind.rawValue]
            s.put("name", d.name.map { I18n.pick($0, v.lang) })
            s["sources"] = kit.calendarSources(d.sourceIDs, calendar, v.lang)
            s.put("note", kit.calendarNote(d, v.lang))
            s.put("unconfirmed", d.confirmed ? nil : true)
            return s
        }
        var working = 0
        var months: [[String: Any]] = []
        for m in 1...12 {
            let first = LocalDate(year: year, month: m, day: 1)!
            var weeks: [[[String: Any]]] = []
            var week: [[String: Any]] = Array(repeating: ["blank": true], count: first.isoWeekday - 1)
            for d in 1...LocalDate.daysInMonth(year: year, month: m) {
                let day = LocalDate(year: year, month: m, day: d)!
                let info: DayInfo
                do { info = try calendar.dayInfo(day) } catch { throw APIError.rule(error.description, path: "year", code: error.code) }
                if info.isWorkingDay { working += 1 }
                var cell: [String: Any] = ["day": d, "kind_class": info.kind.rawValue, "kind": i18n.t("day_kind_\(info.kind.rawValue)", v.lang)]
                cell.put("name", info.name.map { I18n.pick($0, v.lang) })
                cell.put("today", day == today ? true : nil)
                week.append(cell)
                if week.count == 7 { weeks.append(week); week = [] }
            }
            if !week.isEmpty { weeks.append(week + Array(repeating: ["blank": true], count: 7 - week.count)) }
            months.append(["name": i18n.t("month_\(m)", v.lang), "weeks": weeks.map { ["days": $0] }])
        }
        c["months"] = months
        c["weekdays"] = (1...7).map { i18n.t("weekday_short_\($0)", v.lang) }
        c["working_days"] = working
        return kit.render("calendar", c)
    }
}
