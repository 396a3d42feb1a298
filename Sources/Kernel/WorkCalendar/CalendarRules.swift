import LegalCore

/// The holiday law applied to the calendar's data, year by year:
///
/// 1. the holidays of Art. 5 of the Law "On holidays", in the version in force on each date, and the
///    first day of Kurban Ait;
/// 2. the weekend rule (Law "On holidays" Art. 5): a holiday on a Saturday or Sunday gives the next
///    working day off, skipping days already off — except the holidays marked not to move (Orthodox
///    Christmas, Kurban Ait);
/// 3. the decrees (and, from 2024, the Minister of Labour's orders) moving days off;
/// 4. an administrator's overrides; then entries marked unconfirmed or confirmed.
enum CalendarRules {
    static func merge(_ data: CalendarData, _ overrides: CalendarOverrides?) throws(CalendarError) -> CalendarData {
        var d = data
        if let o = overrides {
            for (k, v) in o.sources ?? [:] { d.sources[k] = v }
            d.holidays += o.holidays ?? []
            d.kurbanAit.dates += o.kurbanAit ?? []
            d.transfers += o.transfers ?? []
            d.unconfirmed += o.unconfirmed ?? []
            if let c = o.coverage {
                d.coverage.firstYear = c.firstYear ?? d.coverage.firstYear
                d.coverage.lastYear = c.lastYear ?? d.coverage.lastYear
            }
        }
        try validate(d, overrides)
        return d
    }

    private static func validate(_ d: CalendarData, _ o: CalendarOverrides?) throws(CalendarError) {
        let (a, b) = (d.coverage.firstYear, d.coverage.lastYear)
        guard (1900...2200).contains(a), (1900...2200).contains(b), a <= b else {
            throw .invalidData("coverage \(a)–\(b) is not a range of years")
        }
        func known(_ key: String, _ what: String) throws(CalendarError) {
            guard !key.isEmpty else { throw .invalidData("\(what) has no source") }
            guard d.sources[key] != nil else { throw .invalidData("\(what) names source \"\(key)\", which is not in `sources`") }
        }
        for h in d.holidays {
            try known(h.source, "holiday \(h.id)")
            for md in h.days where monthDay(md) == nil { throw .invalidData("holiday \(h.id): \"\(md)\" is not a MM-DD day") }
            if let u = h.validUntil, u <= h.validFrom { throw .invalidData("holiday \(h.id): validUntil \(u) is not after validFrom \(h.validFrom)") }
        }
        try known(d.kurbanAit.source, "Kurban Ait")
        var kurbanYears: [Int: LocalDate] = [:]
        for k in d.kurbanAit.dates {
            if let prev = kurbanYears[k.year], prev != k { throw .invalidData("Kurban Ait has two dates in \(k.year): \(prev) and \(k)") }
            kurbanYears[k.year] = k
        }
        for y in a...b where kurbanYears[y] == nil {
            throw .invalidData("no Kurban Ait date for \(y): the calendar cannot cover a year whose Kurban Ait is unknown")
        }
        for r in d.weekendRule { try known(r.source, "weekend rule from \(r.validFrom)") }
        for t in d.transfers { try known(t.source, "transfer \(t.from) → \(t.to)") }
        for u in d.unconfirmed { try known(u.source, "unconfirmed entry \(u.date)") }
        for z in d.timeZones { try known(z.source, "time zone \(z.id)") }
        for day in o?.days ?? [] { try known(day.source, "override of \(day.date)") }
        for c in o?.confirm ?? [] { try known(c.source, "confirmation of \(c.date)") }
    }

    static func monthDay(_ s: String) -> (Int, Int)? {
        let p = s.split(separator: "-")
        guard s.count == 5, p.count == 2, let m = Int(p[0]), let d = Int(p[1]), (1...12).contains(m),
              (1...31).contains(d) else { return nil }
        return (m, d)
    }

    /// Every special day of the covered years, keyed by day number.
    static func materialize(_ d: CalendarData, overrides: CalendarOverrides?) throws(CalendarError) -> [Int32: DayInfo] {
        let first = LocalDate(year: d.coverage.firstYear, month: 1, day: 1)!
        let last = LocalDate(year: d.coverage.lastYear, month: 12, day: 31)!
        func src(_ key: String) -> String { d.sources[key] ?? key }
        var days: [Int32: DayInfo] = [:]

        // 1. Holidays, each in the version in force on its date.
        struct Occurrence { var date: LocalDate; var name: LocalizedText; var moves: Bool; var source: String }
        var occurrences: [Occurrence] = []
        for year in d.coverage.firstYear...d.coverage.lastYear {
            for h in d.holidays {
                for md in h.days {
                    let (m, dd) = monthDay(md)!
                    guard let date = LocalDate(year: year, month: m, day: dd) else { continue }
                    guard date >= h.validFrom, h.validUntil.map({ date < $0 }) ?? true else { continue }
                    occurrences.append(Occurrence(date: date, name: h.name, moves: h.movesWhenOnWeekend, source: h.source))
                }
            }
        }
        for k in d.kurbanAit.dates where k >= first && k <= last {
            occurrences.append(Occurrence(date: k, name: d.kurbanAit.name, moves: d.kurbanAit.movesWhenOnWeekend, source: d.kurbanAit.source))
        }
        occurrences.sort { $0.date < $1.date }
        for o in occurrences {
            if var existing = days[o.date.dayNumber] {
                // Two holidays on one day (e.g. Kurban Ait on a fixed holiday): one day off, both named.
                existing.name = LocalizedText(kk: existing.name!.kk + "; " + o.name.kk, ru: existing.name!.ru + "; " + o.name.ru,
                                              en: existing.name!.en + "; " + o.name.en)
                existing.source = existing.source! + "; " + src(o.source)
                existing.sourceIDs.append(o.source)
                days[o.date.dayNumber] = existing
            } else {
                days[o.date.dayNumber] = DayInfo(date: o.date, kind: .holiday, name: o.name, source: src(o.source), sourceIDs: [o.source])
            }
        }

        // 2. The weekend rule, in date order so that consecutive weekend holidays take consecutive days.
        func isOff(_ date: LocalDate) -> Bool {
            if let info = days[date.dayNumber] { return !info.isWorkingDay }
            return date.isWeekend
        }
        for o in occurrences where o.moves && o.date.isWeekend {
            guard let rule = d.weekendRule.first(where: { o.date >= $0.validFrom && ($0.validUntil.map { o.date < $0 } ?? true) })
            else { throw .invalidData("no weekend rule in force on \(o.date)") }
            var day = o.date.adding(days: 1)
            while isOff(day) { day = day.adding(days: 1) }
            guard day <= last.adding(days: 31) else { throw .invalidData("weekend rule for \(o.date) runs past the covered years") }
            if day > last { continue } // the observed day lies past the covered years, which answer notCovered there
            days[day.dayNumber] = DayInfo(
                date: day, kind: .dayOff,
                name: LocalizedText(kk: "Демалыс күні (\(o.name.kk), \(o.date) демалысқа сәйкес келді)",
                                    ru: "Выходной день (\(o.name.ru) \(o.date) совпал с выходным)",
                                    en: "Day off (\(o.name.en) on \(o.date) fell on a weekend)"),
                source: src(rule.source) + "; " + src(o.source), sourceIDs: [rule.source, o.source])
        }

        // 3. Decrees moving days off.
        for t in d.transfers {
            guard t.from >= first, t.from <= last, t.to >= first, t.to <= last else {
                throw .invalidData("transfer \(t.from) → \(t.to) lies outside the covered years")
            }
            guard isOff(t.from) else { throw .invalidData("transfer \(t.from) → \(t.to): \(t.from) is already a working day") }
            guard !isOff(t.to), !t.to.isWeekend else { throw .invalidData("transfer \(t.from) → \(t.to): \(t.to) is not a working weekday") }
            guard days[t.from.dayNumber]?.kind != .holiday else { throw .invalidData("transfer \(t.from) → \(t.to): \(t.from) is a holiday, which no decree moves") }
            days[t.from.dayNumber] = DayInfo(
                date: t.from, kind: t.from.isWeekend ? .workingWeekendDay : .workday,
                name: LocalizedText(kk: "Жұмыс күні (демалыс \(t.to) күніне ауыстырылды)",
                                    ru: "Рабочий день (выходной перенесён на \(t.to))",
                                    en: "Working day (its day off moved to \(t.to))"),
                source: src(t.source), sourceIDs: [t.source])
            days[t.to.dayNumber] = DayInfo(
                date: t.to, kind: .dayOff,
                name: LocalizedText(kk: "Демалыс күні (\(t.from) күнінен ауыстырылған)",
                                    ru: "Выходной день (перенесён с \(t.from))",
                                    en: "Day off (moved from \(t.from))"),
                source: src(t.source), sourceIDs: [t.source])
        }

        // 4. Entries the sources leave unconfirmed; then the administrator's overrides (which settle a day:
        //    confirmed unless they say otherwise) and confirmations.
        for u in d.unconfirmed where u.date >= first && u.date <= last {
            var info = days[u.date.dayNumber] ?? DayInfo(date: u.date, kind: u.date.isWeekend ? .weekend : .workday, source: src(u.source),
                                                         sourceIDs: [u.source])
            info.confirmed = false
            info.note = u.note
            info.noteOrigin = .data
            if info.source == nil { info.source = src(u.source); info.sourceIDs = [u.source] }
            days[u.date.dayNumber] = info
        }
        for o in overrides?.days ?? [] {
            guard o.date >= first, o.date <= last else { throw .invalidData("override \(o.date) lies outside the covered years") }
            let kind: DayInfo.Kind
            switch o.status {
            case .holiday: kind = .holiday
            case .dayOff: kind = .dayOff
            case .working: kind = o.date.isWeekend ? .workingWeekendDay : .workday
            }
            days[o.date.dayNumber] = DayInfo(date: o.date, kind: kind, name: o.name, source: src(o.source), sourceIDs: [o.source],
                                             confirmed: o.confirmed ?? true, note: o.note ?? "administrator's override", noteOrigin: .override)
        }
        for c in overrides?.confirm ?? [] {
            guard var info = days[c.date.dayNumber] else { throw .invalidData("confirmation of \(c.date): no calendar entry on that day") }
            info.confirmed = true
            info.note = "confirmed: " + src(c.source)
            info.noteOrigin = .confirmation
            days[c.date.dayNumber] = info
        }
        return days
    }
}
