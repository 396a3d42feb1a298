/// How terms are counted — written once, each with its source, used everywhere (docs/architecture.md rule 5).
///
/// Changing how Rasim counts is an edit here, nowhere else: `Term.deadline` and the receipt-day rule in
/// `WorkCalendar` read these cases, and every trace names the conventions it applied.
public enum CountingConvention: String, CaseIterable, Sendable, Codable {
    /// A term counted from an event starts on the day after it: the day of the event is not counted.
    case startDayExcluded = "start_day_excluded"
    /// A term measured in working days counts only working days (Mon–Fri that are neither holidays nor
    /// days off, plus weekend days a decree made working).
    case workingDaysOnly = "working_days_only"
    /// An act due "within N days" may be done until the end (24:00 local time) of the last day.
    case endOfLastDay = "end_of_last_day"
    /// A term in calendar days or тәулік whose last day is a non-working day ends on the next working day.
    case nonWorkingLastDayMoves = "non_working_last_day_moves"
    /// A term in тәулік (24-hour days) is counted like calendar days, by dates.
    case tauliksAsCalendarDays = "tauliks_as_calendar_days"
    /// An application received after the office closes, or on a non-working day, counts as received on
    /// the next working day; one received before opening counts for that same day.
    case afterHoursReceipt = "after_hours_receipt"
    /// A deadline given as a fixed date ("by 10 June") that falls on a non-working day moves to the next
    /// working day. Rasim's reading, by analogy with `nonWorkingLastDayMoves`; the acts do not say.
    case fixedDateNonWorkingMoves = "fixed_date_non_working_moves"
    /// A term in hours runs from the instant of the event, by the clock (not by working hours).
    case hoursByClock = "hours_by_clock"
    /// A public service's term in hours counts the provider's working hours: the schedule's hours on working
    /// days, from the arrival or the next opening (docs/reference/check.md v1.1; Rasim's reading).
    case workingHours = "working_hours"

    /// The legal basis. Where the basis is Rasim's own reading of a silent act, `isReading` is true and the
    /// statement says so.
    public var citations: [Citation] {
        // Article numbers are given only where verified (docs/sources-research.md); elsewhere the place is
        // the chapter or the instrument, stated as such, to be narrowed when the text is checked.
        let civilTerms = Citation("CIVIL-CODE-1994", "Ch. 6 (calculation of terms)")
        switch self {
        case .startDayExcluded: return [civilTerms]
        case .workingDaysOnly: return [Citation("HOLIDAYS-LAW-2001", "Art. 5")]
        case .endOfLastDay: return [civilTerms]
        case .nonWorkingLastDayMoves: return [civilTerms]
        case .tauliksAsCalendarDays: return [Citation(.prosecAdm2015, "§13"), civilTerms]
        case .afterHoursReceipt:
            return [Citation("PS-LAW-2013", "service standards (acceptance after working hours, on days off and holidays: the next working day)"),
                    Citation(.psRisk2023, "App.1 #13"), Citation(.psViolations2025, "Stage I case 1")]
        case .fixedDateNonWorkingMoves: return [civilTerms]
        case .hoursByClock: return [civilTerms]
        case .workingHours: return [Citation("PS-LAW-2013", "service standards (the provider's working hours)"), Citation(.psViolations2025, "Stage II case 9")]
        }
    }

    public var isReading: Bool {
        switch self {
        case .fixedDateNonWorkingMoves, .hoursByClock, .tauliksAsCalendarDays, .workingHours: return true
        default: return false
        }
    }

    public var statement: LocalizedText {
        switch self {
        case .startDayExcluded:
            return LocalizedText(kk: "Оқиғадан бастап есептелетін мерзім оның келесі күнінен басталады; оқиға күні есептелмейді.",
                                 ru: "Срок, исчисляемый с события, начинается на следующий день; день события не засчитывается.",
                                 en: "A term counted from an event starts the day after it; the day of the event is not counted.")
        case .workingDaysOnly:
            return LocalizedText(kk: "Жұмыс күндерімен есептелетін мерзімге демалыс, мереке және ауыстырылған демалыс күндері кірмейді.",
                                 ru: "В срок, исчисляемый рабочими днями, не включаются выходные, праздничные и перенесённые выходные дни.",
                                 en: "A term in working days skips weekends, public holidays and moved days off.")
        case .endOfLastDay:
            return LocalizedText(kk: "Мерзімнің соңғы күнінде әрекет жергілікті уақыт бойынша сағат 24:00-ге дейін жасалуы мүмкін.",
                                 ru: "Действие может быть совершено до 24 часов последнего дня срока по местному времени.",
                                 en: "An act may be done until 24:00 local time on the last day of the term.")
        case .nonWorkingLastDayMoves:
            return LocalizedText(kk: "Күнтізбелік күндермен немесе тәулікпен есептелетін мерзімнің соңғы күні жұмыс күні болмаса, мерзім келесі жұмыс күні аяқталады.",
                                 ru: "Если последний день срока, исчисляемого календарными днями или сутками, нерабочий, срок оканчивается в ближайший следующий рабочий день.",
                                 en: "A term in calendar days or тәулік whose last day is a non-working day ends on the next working day.")
        case .tauliksAsCalendarDays:
            return LocalizedText(kk: "Тәулікпен белгіленген мерзім күнтізбелік күндер сияқты есептеледі (Rasim оқылымы).",
                                 ru: "Срок в сутках исчисляется как календарные дни (прочтение Rasim).",
                                 en: "A term in тәулік is counted like calendar days, by dates (Rasim's reading).")
        case .afterHoursReceipt:
            return LocalizedText(kk: "Жұмыс уақыты аяқталғаннан кейін, демалыс немесе мереке күні түскен өтініш келесі жұмыс күні қабылданған болып есептеледі.",
                                 ru: "Заявление, поступившее после окончания рабочего времени, в выходной или праздничный день, считается принятым в следующий рабочий день.",
                                 en: "An application received after working hours, on a weekend or a holiday counts as received on the next working day.")
        case .fixedDateNonWorkingMoves:
            return LocalizedText(kk: "Белгілі бір күнге белгіленген мерзім жұмыс емес күнге түссе, келесі жұмыс күніне ауысады (Rasim оқылымы).",
                                 ru: "Срок, установленный календарной датой, приходящейся на нерабочий день, переносится на следующий рабочий день (прочтение Rasim).",
                                 en: "A deadline set as a calendar date that falls on a non-working day moves to the next working day (Rasim's reading).")
        case .hoursByClock:
            return LocalizedText(kk: "Сағатпен белгіленген мерзім оқиға сәтінен бастап сағат бойынша есептеледі (Rasim оқылымы).",
                                 ru: "Срок в часах исчисляется по часам с момента события (прочтение Rasim).",
                                 en: "A term in hours runs by the clock from the instant of the event (Rasim's reading).")
        case .workingHours:
            return LocalizedText(kk: "Мемлекеттік қызметтің сағатпен белгіленген мерзімі көрсетілетін қызметті берушінің жұмыс сағаттарымен есептеледі: өтініш жұмыс уақытында түссе — сол сәттен, әйтпесе келесі жұмыс басталған сәттен (Rasim оқылымы).",
                                 ru: "Срок государственной услуги в часах исчисляется рабочими часами услугодателя: с момента поступления в рабочее время, иначе с ближайшего начала работы (прочтение Rasim).",
                                 en: "A public service's term in hours counts the provider's working hours, from the arrival when it is within them, else from the next opening (Rasim's reading).")
        }
    }
}
