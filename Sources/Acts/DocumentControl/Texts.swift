import LegalCore

/// Every finding's words, in Kazakh, Russian and English, written here once: each code's label (what the decree asks),
/// and the message templates the findings fill (`MessageTemplate`, one table for every code of the act).
enum Texts {
    static func t(_ kk: String, _ ru: String, _ en: String) -> LocalizedText { LocalizedText(kk: kk, ru: ru, en: en) }

    static func label(_ code: DocumentCode) -> LocalizedText {
        switch code {
        case .returnNotSameDay: return t("талапқа сай емес хатты сол күні қайтару", "возврат не соответствующего требованиям письма в тот же день", "returning a non-compliant letter the same day")
        case .exemptLetterReturned: return t("ҚР Президенті Әкімшілігінің, Парламенттің, Премьер-Министр Кеңсесінің хаты қайтарылмайды", "письма Администрации Президента, Парламента, Канцелярии Премьер-Министра не возвращаются", "letters of the Presidential Administration, Parliament and the PM's Office are not returned")
        case .overTwoHours: return t("тіркеу, тарату және жеткізу — әдетте 2 сағат ішінде", "регистрация, распределение и доставка — как правило, в течение 2 часов", "registration, distribution and delivery, as a rule within 2 hours")
        case .urgentNotImmediate: return t("шұғыл хатты дереу тіркеу және жеткізу", "немедленная регистрация и доставка срочного письма", "registering and delivering an urgent letter immediately")
        case .deliveryLate: return t("орындаушыларға 2 жұмыс күні ішінде жеткізу", "доставка исполнителям в течение 2 рабочих дней", "delivery to the addressees within 2 working days")
        case .reviewLate: return t("басшылықтың келіп түскен күні қарауы", "рассмотрение руководством в день поступления", "the leadership's review on the day of receipt")
        case .pmNoncontrolAnswered: return t("Премьер-Министр Кеңсесінің бақылаусыз хатына жауап берілмейді", "на неконтрольные письма Канцелярии Премьер-Министра ответ не даётся", "uncontrolled letters of the PM's Office get no reply")
        case .outgoingFormBreach: return t("шығыс құжаттың ресімделуі", "оформление исходящего документа", "the form of an outgoing document")
        case .controlTermMissed: return t("бақылаудағы құжатты мерзімінде орындау", "исполнение контрольного документа в срок", "executing a controlled document by its term")
        case .lateToLeadership: return t("жауап жобасын басшылыққа мерзімінен бұрын ұсыну", "представление проекта ответа руководству до срока", "submitting the draft reply to the leadership ahead of the term")
        case .lateToFirstHead: return t("жауап жобасын бірінші басшыға мерзімінен бұрын ұсыну", "представление проекта ответа первому руководителю до срока", "submitting the draft reply to the first head ahead of the term")
        case .implementationPlanLate: return t("Президент актісін іске асыру жоспарын 3 күн ішінде жасау", "составление плана реализации акта Президента в течение 3 дней", "drawing up the plan to implement a President's act within 3 days")
        case .visasLate: return t("ескертусіз қорытындыдан кейін 2 жұмыс күні ішінде бұрыштама қою", "визирование в течение 2 рабочих дней после заключения без замечаний", "visas within 2 working days of a conclusion without remarks")
        case .revisionTermMissed: return t("әзірлеушінің жобаны 10 жұмыс күні ішінде пысықтауы", "доработка проекта разработчиком в течение 10 рабочих дней", "the developer's revision within 10 working days")
        case .remarksLate: return t("ескертулерді 2 жұмыс күні ішінде жіберу", "направление замечаний в течение 2 рабочих дней", "sending the remarks within 2 working days")
        case .postMeetingLate: return t("келісу кеңесінен кейін 3 жұмыс күні ішінде келісу", "согласование в течение 3 рабочих дней после согласительного совещания", "agreeing within 3 working days after the conciliation meeting")
        case .urgentProposalLate: return t("шұғыл тапсырма бойынша ұсыныстарды мерзімінде беру", "представление предложений по срочному поручению в срок", "submitting proposals on an urgent instruction in time")
        case .legalServiceSkipped: return t("заң қызметінің жобаны келісуі", "согласование проекта юридической службой", "the legal service agreeing the draft")
        case .planDraftedLate: return t("жұмыс жоспарын кезең басталғанға дейін 15 күн бұрын әзірлеу", "разработка плана работы за 15 дней до начала периода", "drafting the work plan 15 days before its period")
        case .planApprovedLate: return t("жұмыс жоспарын кезең басталғанға дейін 5 күн бұрын бекіту", "утверждение плана работы за 5 дней до начала периода", "approving the work plan 5 days before its period")
        case .collegiumWithoutQuorum: return t("алқа отырысының кворумы (мүшелерінің кемінде үштен екісі)", "кворум заседания коллегии (не менее двух третей членов)", "the collegium's quorum (at least two thirds of its members)")
        case .collegiumSubstitute: return t("алқа мүшелерін ауыстыруға жол берілмейді", "замена членов коллегии не допускается", "no substitutes for collegium members")
        case .decisionWithoutMajority: return t("шешім қатысқан мүшелердің көпшілік даусымен қабылданады", "решение принимается большинством голосов присутствующих членов", "a decision by a majority of the members present")
        case .collegiumRecordIncomplete: return t("отырыстың стенограммасы және нәтижелерін интернет-ресурста жариялау", "стенограмма заседания и публикация итогов на интернет-ресурсе", "the meeting's stenogram and its results published on the website")
        case .quarterlyReviewMissing: return t("Мемлекет басшысы тапсырмаларының орындалуын тоқсанына кемінде бір рет алқада қарау", "рассмотрение на коллегии исполнения поручений Главы государства не реже раза в квартал", "the collegium reviewing the Head of State's instructions at least once a quarter")
        case .monitoringSummaryLate: return t("құқықтық мониторинг қорытындысын келесі айдың 10-ына дейін ұсыну", "представление свода правового мониторинга до 10 числа следующего месяца", "the legal-monitoring summary by the 10th of the next month")
        case .weeklyListMissing: return t("бақылаудағы құжаттардың апта сайынғы тізімі", "еженедельный список контрольных документов", "the weekly list of controlled documents")
        case .deadlineApproaching: return t("мерзім жақындады", "срок приближается", "a term is near")
        case .recordedAfterTerm: return t("мерзімі өткеннен кейін енгізілген факт", "факт внесён после истечения срока", "a fact entered after its term")
        }
    }

    /// A term not met: its due, and the act (or none by the day of the check). The outcome ends the sentence (a Russian
    /// abbreviation — "дн.", "мин." — already carries its full stop).
    static let late = MessageTemplate(
        kk: "{subject}: {what} — мерзімі {due}; {outcome}",
        ru: "{subject}: {what} — срок {due}; {outcome}",
        en: "{subject}: {what} — due on {due}; {outcome}")
    static func done(_ actual: LocalDate, late: Int) -> LocalizedText {
        t("орындалды \(actual), \(late) күнге кешікті.", "исполнено \(actual), с опозданием на \(late) дн.", "done on \(actual), \(late) day\(late == 1 ? "" : "s") late.")
    }
    static func notDone(_ asOf: LocalDate, late: Int) -> LocalizedText {
        t("\(asOf) күні орындалмаған, \(late) күн өтті.", "на \(asOf) не исполнено, просрочка \(late) дн.", "not done by \(asOf), \(late) day\(late == 1 ? "" : "s") overdue.")
    }

    /// §16's clock.
    static let lateHours = MessageTemplate(
        kk: "{subject}: {what} — хат {accepted} қабылданды, мерзімі {due}; {outcome}",
        ru: "{subject}: {what} — письмо принято {accepted}, срок {due}; {outcome}",
        en: "{subject}: {what} — accepted at {accepted}, due at {due}; {outcome}")
    static func doneAt(_ actual: String, minutes: Int) -> LocalizedText {
        t("жеткізілді \(actual), \(minutes) минутқа кешікті.", "доставлено \(actual), с опозданием на \(minutes) мин.", "delivered at \(actual), \(minutes) minute\(minutes == 1 ? "" : "s") late.")
    }
    static func notDoneAt(minutes: Int) -> LocalizedText {
        t("әлі жеткізілмеген, \(minutes) минут өтті.", "ещё не доставлено, просрочка \(minutes) мин.", "not delivered yet, \(minutes) minute\(minutes == 1 ? "" : "s") overdue.")
    }

    static let recordedLate = MessageTemplate(
        kk: "{subject}: {what} — {claimed} күнімен көрсетілген, бірақ тізілімге {recorded} енгізілді, мерзімі {due} аяқталғаннан кейін; құжатпен тексеріңіз.",
        ru: "{subject}: {what} — указано {claimed}, но внесено в реестр {recorded}, после истечения срока {due}; сверьте с документом.",
        en: "{subject}: {what} — dated {claimed} but entered in the register on {recorded}, after its term ended on {due}; check it against the document.")
    static let approaching = MessageTemplate(
        kk: "{subject}: {what} — мерзімі {due} аяқталады.",
        ru: "{subject}: {what} — срок истекает {due}.",
        en: "{subject}: {what} — the term ends on {due}.")

    /// A rule broken outright (no term): what was found.
    static let broken = MessageTemplate(
        kk: "{subject}: {what} — {detail}.",
        ru: "{subject}: {what} — {detail}.",
        en: "{subject}: {what} — {detail}.")

    static func returnedOn(_ d: LocalDate) -> LocalizedText { t("хат \(d) қайтарылды", "письмо возвращено \(d)", "the letter was returned on \(d)") }
    static func answeredOn(_ d: LocalDate) -> LocalizedText { t("хатқа \(d) жауап берілді", "на письмо дан ответ \(d)", "the letter was answered on \(d)") }
    static func agreedWithout(_ d: LocalDate) -> LocalizedText { t("жоба \(d) заң қызметінің келісуінсіз келісілді", "проект согласован \(d) без согласования юридической службой", "the draft was agreed on \(d) without the legal service") }
    static func missing(_ items: [String]) -> LocalizedText {
        func words(_ pick: (LocalizedText) -> String) -> String { items.map { pick(item($0)) }.joined(separator: ", ") }
        return t("жоқ: " + words(\.kk), "отсутствует: " + words(\.ru), "missing: " + words(\.en))
    }
    static func item(_ name: String) -> LocalizedText {
        switch name {
        case "control_visa": return t("бақылау бұрыштамасы", "контрольная виза", "the control visa")
        case "letterhead": return t("бланк", "бланк", "the letterhead")
        case "state_language": return t("мемлекеттік тіл", "государственный язык", "the state language")
        case "stenographed": return t("стенограмма", "стенограмма", "the stenogram")
        case "published_on_website": return t("интернет-ресурста жариялау", "публикация на интернет-ресурсе", "publication on the website")
        case "outgoing_number_date": return t("шығыс нөмірі мен күні", "исходящий номер и дата", "the outgoing number and date")
        case "reference": return t("жауап берілетін актіге сілтеме", "ссылка на акт, на который дан ответ", "the reference to the act answered")
        case "signature": return t("қолтаңба", "подпись", "the signature")
        case "executor": return t("орындаушының тегі мен телефоны", "фамилия и телефон исполнителя", "the executor's name and phone")
        default: return t(name, name, name)
        }
    }
    static func quorum(present: Int, members: Int) -> LocalizedText {
        t("\(members) мүшенің \(present) қатысты", "присутствовали \(present) из \(members) членов", "\(present) of \(members) members present")
    }
    static func substitutes(_ n: Int) -> LocalizedText { t("\(n) мүшенің орнына басқа адам қатысты", "вместо членов присутствовали замещающие: \(n)", "\(n) substitute\(n == 1 ? "" : "s") sat in") }
    static func votes(_ votesFor: Int, present: Int) -> LocalizedText {
        t("қатысқан \(present) мүшенің \(votesFor) жақтады", "«за» \(votesFor) из \(present) присутствующих", "\(votesFor) of the \(present) present voted for")
    }
    static func noReview(_ period: String) -> LocalizedText {
        t("\(period) тоқсанында мұндай отырыс болмады", "в квартале \(period) такого заседания не было", "no such meeting in \(period)")
    }
    static func noList(_ monday: LocalDate) -> LocalizedText {
        t("\(monday) басталатын аптада тізім жоқ", "за неделю с \(monday) списка нет", "no list in the week from \(monday)")
    }
}
