/// An act as data: its id, titles, adoption date and validity (in force from, repealed on).
public struct Act: Hashable, Sendable {
    public let id: ActID
    public let title: LocalizedText
    public let adopted: LocalDate
    public let validity: Validity
    /// What the validity rests on, and any caveat a lawyer should read (amendments, missing texts).
    public let note: String
    /// True for the five acts Rasim implements; false for acts it only relies on (codes, the holiday law).
    public let implemented: Bool

    /// Whether and when the act stopped applying — with the uncertainty the sources leave (issue 13: a repeal
    /// whose day of effect is not in the seed is never given as a certain date).
    public var repeal: RepealStatus {
        guard let until = validity.until else { return .notRepealed }
        if let u = validity.uncertain.first(where: { $0.from <= until && until <= $0.until }) {
            return .repealedUncertain(earliest: u.from, assumedBy: u.until, note: u.note)
        }
        return .repealed(on: until)
    }

    /// The act's status on a date; throws unless it is in force.
    public func requireInForce(on date: LocalDate) throws(LegalError) {
        let s = validity.status(on: date)
        guard s == .inForce else { throw .actNotInForce(act: id, date: date, status: s) }
    }
}

/// Whether an act is repealed, and from when.
public enum RepealStatus: Hashable, Sendable, CustomStringConvertible {
    case notRepealed
    /// It no longer applies from this day.
    case repealed(on: LocalDate)
    /// Repealed; it stopped applying on a day from `earliest` on that the sources do not give. Rasim treats
    /// it as repealed from `assumedBy` (an assumption to confirm) and every date in between as uncertain.
    case repealedUncertain(earliest: LocalDate, assumedBy: LocalDate, note: String)

    public var description: String {
        switch self {
        case .notRepealed: return "not repealed"
        case .repealed(let d): return "repealed from \(d)"
        case .repealedUncertain(let e, let a, _): return "repealed, effective date uncertain from \(e) (assumed by \(a))"
        }
    }
}

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The registry of acts. The first five are docs/acts.md's table; the rest are the acts the calendar and the
/// counting conventions rest on.
public enum Acts {
    public static let implemented: [Act] = [
        Act(id: .admPractice2025,
            title: LocalizedText(
                kk: "Әкімшілік органдардың әкімшілік рәсімдердің біркелкілігін қалыптастыру жөніндегі қызметін жүзеге асыру қағидалары (ҚР Үкіметінің 2025 жылғы 28 ақпандағы № 111 қаулысы)",
                ru: "Правила осуществления деятельности административных органов по формированию единообразия административных процедур (постановление Правительства РК от 28 февраля 2025 года № 111)",
                en: "Rules for administrative bodies on forming uniformity of administrative procedures (Government Decree No. 111 of 28 Feb 2025)"),
            adopted: d("2025-02-28"), validity: Validity(from: d("2025-02-28")),
            note: "In force from signing (§2 of the decree).", implemented: true),
        Act(id: .psViolations2025,
            title: LocalizedText(
                kk: "Мемлекеттік қызметтерді көрсету кезіндегі жиі кездесетін бұзушылықтардың жинақтамасы (ҚР Мемлекеттік қызмет істері агенттігі, 2025)",
                ru: "Сборник часто встречающихся нарушений при оказании государственных услуг (Агентство РК по делам государственной службы, 2025)",
                en: "Compendium of frequent violations in public-service delivery (Agency for Civil Service Affairs, 2025)"),
            adopted: d("2025-01-01"), validity: Validity(from: d("2025-01-01")),
            note: "Guidance, not a normative act; dated 2025 (Astana). Its cases illustrate the requirements of the Law on public services and PS-RISK-2023, which they are cited with.",
            implemented: true),
        Act(id: .prosecAdm2015,
            title: LocalizedText(
                kk: "Әкімшілік құқық бұзушылық туралы істер бойынша сот актілерінің заңдылығына прокурорлық қадағалауды ұйымдастыру жөніндегі нұсқаулық (ҚР Бас Прокурорының 2015 жылғы 11 наурыздағы № 40 бұйрығы)",
                ru: "Инструкция об организации прокурорского надзора за законностью судебных актов по делам об административных правонарушениях (приказ Генерального Прокурора РК от 11 марта 2015 года № 40)",
                en: "Instruction on prosecutorial supervision of court acts in administrative-offence cases (Prosecutor General Order No. 40 of 11 Mar 2015)"),
            adopted: d("2015-03-11"),
            validity: Validity(from: d("2015-04-14"), until: d("2018-07-01"), uncertain: [
                UncertainRange(from: d("2018-05-13"), until: d("2018-07-01"),
                               note: "repealed by Order No. 60 of 2 May 2018, effective ten calendar days after its first official publication; the publication date is not in the seed, so the earliest possible end is 13 May 2018 and the end of this window (1 Jul 2018) is an assumption to confirm"),
            ]),
            note: "In force from state registration (reg. No. 10706, 14 Apr 2015); §6, 7, 9, 10, 11, 14, 15, 17, 18, 22, 23, 26, 27, 28 in the wording of Order No. 20 of 29 Jan 2016 (the seed holds only that wording).",
            implemented: true),
        Act(id: .psRisk2023,
            title: LocalizedText(
                kk: "Мемлекеттік қызметтер көрсету саласындағы заңнаманың сақталуы бойынша тәуекел дәрежесін бағалау критерийлері және тексеру парағы (ҚР МҚІА Төрағасының 2023 жылғы 4 мамырдағы № 102 және ҚР Ұлттық экономика министрінің м.а. 2023 жылғы 4 мамырдағы № 57 бірлескен бұйрығы)",
                ru: "Критерии оценки степени риска и проверочный лист в сфере соблюдения законодательства о государственных услугах (совместный приказ Председателя АДГС РК от 4 мая 2023 года № 102 и и.о. Министра национальной экономики РК от 4 мая 2023 года № 57)",
                en: "Risk-degree criteria and checklist for compliance with public-services legislation (Joint Order ACSA No. 102 / Minister of National Economy No. 57 of 4 May 2023)"),
            adopted: d("2023-05-04"),
            validity: Validity(from: d("2023-05-05"), uncertain: [
                UncertainRange(from: d("2023-05-05"), until: d("2023-06-01"),
                               note: "in force from its first official publication (§4 of the order), in May 2023 after registration on 5 May 2023 (reg. No. 32439); the exact publication day is not in the seed"),
            ]),
            note: "Registered with the Ministry of Justice on 5 May 2023, No. 32439.", implemented: true),
        Act(id: .modelReg2008,
            title: LocalizedText(
                kk: "Қазақстан Республикасы Орталық мемлекеттік органының үлгі регламенті (ҚР Үкіметінің 2008 жылғы 26 наурыздағы № 289 қаулысы)",
                ru: "Типовой регламент центрального государственного органа Республики Казахстан (постановление Правительства РК от 26 марта 2008 года № 289)",
                en: "Model regulations of a central state body (Government Decree No. 289 of 26 Mar 2008)"),
            adopted: d("2008-03-26"),
            validity: Validity(from: d("2008-03-26"), until: d("2019-03-14"), uncertain: [
                UncertainRange(from: d("2019-03-14"), until: d("2019-04-01"),
                               note: "repealed by Decree No. 108 of 14 Mar 2019; its entry-into-force clause is not in the seed"),
            ]),
            note: "Amended 2009–2015: Decrees 2305 of 2009 (§9, §37), 931 of 2010 (§9, §19), 34 of 2012 (§15), 450 (§19 and others; §22–23 and §35-1 from 1 Jul 2013), 346 of 27 Apr 2015 (added §29-1–29-5), 1119 of 29 Dec 2015 (new wording of §13, §21; amended §14, §19, §22, §23), 1195 of 31 Dec 2015 (amended §3, §31; new wording of §11, §18, §20, §30, §38 and of section 9's title); Decree 641 of 25 Jun 2010 is noted as changing §4, §5, §32, §36 but its text is not in the seed. The seed holds each paragraph's last wording only (Acts.provisions).",
            implemented: true),
    ]

    /// Acts the calendar and the counting conventions rest on. Rasim cites them; it does not implement them.
    public static let referenced: [Act] = [
        Act(id: "HOLIDAYS-LAW-2001",
            title: LocalizedText(kk: "«Қазақстан Республикасындағы мерекелер туралы» 2001 жылғы 13 желтоқсандағы № 267-II Заң",
                                 ru: "Закон Республики Казахстан от 13 декабря 2001 года № 267-II «О праздниках в Республике Казахстан»",
                                 en: "Law No. 267-II of 13 Dec 2001 \"On holidays in the Republic of Kazakhstan\""),
            adopted: d("2001-12-13"), validity: Validity(from: d("2001-12-13")),
            note: "adilet Z010000267_; holiday list in Art. 5 as amended over time (see the calendar data).", implemented: false),
        Act(id: "LABOUR-CODE-2015",
            title: LocalizedText(kk: "Қазақстан Республикасының Еңбек кодексі (2015 жылғы 23 қарашадағы № 414-V)",
                                 ru: "Трудовой кодекс Республики Казахстан от 23 ноября 2015 года № 414-V",
                                 en: "Labour Code of the Republic of Kazakhstan No. 414-V of 23 Nov 2015"),
            adopted: d("2015-11-23"), validity: Validity(from: d("2016-01-01")),
            note: "adilet K1500000414.", implemented: false),
        Act(id: "LABOUR-CODE-2007",
            title: LocalizedText(kk: "Қазақстан Республикасының Еңбек кодексі (2007 жылғы 15 мамырдағы № 251-III)",
                                 ru: "Трудовой кодекс Республики Казахстан от 15 мая 2007 года № 251-III",
                                 en: "Labour Code of the Republic of Kazakhstan No. 251-III of 15 May 2007"),
            adopted: d("2007-05-15"), validity: Validity(from: d("2007-05-15"), until: d("2016-01-01")),
            note: "Replaced by the Labour Code of 2015 from 1 Jan 2016.", implemented: false),
        Act(id: "APPK-2020",
            title: LocalizedText(kk: "Қазақстан Республикасының Әкімшілік рәсімдік-процестік кодексі (2020 жылғы 29 маусымдағы № 350-VI)",
                                 ru: "Административный процедурно-процессуальный кодекс Республики Казахстан от 29 июня 2020 года № 350-VI",
                                 en: "Administrative Procedural and Process Code of the Republic of Kazakhstan No. 350-VI of 29 Jun 2020"),
            adopted: d("2020-06-29"), validity: Validity(from: d("2021-07-01")),
            note: "adilet K2000000350; in force from 1 Jul 2021.", implemented: false),
        Act(id: "CIVIL-CODE-1994",
            title: LocalizedText(kk: "Қазақстан Республикасының Азаматтық кодексі (Жалпы бөлім), 1994 жылғы 27 желтоқсан",
                                 ru: "Гражданский кодекс Республики Казахстан (Общая часть) от 27 декабря 1994 года",
                                 en: "Civil Code of the Republic of Kazakhstan (General Part) of 27 Dec 1994"),
            adopted: d("1994-12-27"), validity: Validity(from: d("1995-03-01")),
            note: "adilet K940001000_.", implemented: false),
        Act(id: "PS-LAW-2013",
            title: LocalizedText(kk: "«Мемлекеттік көрсетілетін қызметтер туралы» 2013 жылғы 15 сәуірдегі № 88-V Заң",
                                 ru: "Закон Республики Казахстан от 15 апреля 2013 года № 88-V «О государственных услугах»",
                                 en: "Law No. 88-V of 15 Apr 2013 \"On public services\""),
            adopted: d("2013-04-15"), validity: Validity(from: d("2013-04-15")),
            note: "adilet Z1300000088.", implemented: false),
    ]

    public static let all: [Act] = implemented + referenced

    public static func find(_ id: ActID) -> Act? { all.first { $0.id == id } }
}
