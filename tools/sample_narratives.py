"""The sample areas' narratives: the evaluators' words that shape each report
(contract section 5), written so that each area reads like the published
report its kind is modelled on (shared/model-reports): Bolsover a We Are
Undefeatable pilot's final learning report, Buckinghamshire and Milton
Keynes a Leap system-impact story, Sheffield a Move More Empowered
Communities six-month report. Their facts are borrowed from those reports
and the figures are made up; every sentence here is the sample's own.

Each narrative is its front matter and its sections in the order written:
`""` is the text before the first heading; a heading naming one of the
report's sections opens it; any other heading is a section of its own."""

from __future__ import annotations

AUTHORS = ["Synthetic evaluation team"]

NARRATIVES: dict[tuple[str, str], dict] = {
    ("bolsover", "2021-h2"): {
        "title": "We Are Undefeatable in Bolsover: interim learning report",
        "summary": "How the pilot restarted under a new lead, and what an early survey in "
        "Shirebrook says about who is inactive and why.",
        "sections": {
            "Introduction": "Bolsover District has been a We Are Undefeatable pilot since "
            "late 2019. After a year in which COVID-19 stopped almost all face-to-face work, "
            "BCVS, working in the district as Bolsover Together, took over as lead in spring "
            "2021 and the pilot restarted with a narrower focus on Shirebrook.",
            "Community survey": "The survey went out through community groups from July, "
            "in English, Polish and Romanian, so that residents working in the town's "
            "warehouses could answer in their own language.",
            "What worked": "Walking is what residents already do and what they want more of. "
            "Translated surveys reached residents that English-only materials had missed.",
            "Challenges": "Time, then health, hold people back. Shift work makes fixed evening "
            "sessions hard to attend.",
            "What we will test next": "Short sessions at the start and end of shifts, and a "
            "Polish-language Healthy Chats course again.",
        },
    },
    ("bolsover", "2022-q1"): {
        "title": "We Are Undefeatable in Bolsover: final learning report",
        "summary": "What two and a half years of piloting We Are Undefeatable in Bolsover, "
        "latterly in Shirebrook, taught partners about helping people with long-term health "
        "conditions to move more.",
        "sections": {
            "Introduction": "Bolsover District was chosen as one of ten We Are Undefeatable "
            "pilots in November 2019. Funded by Sport England, the programme sets out to "
            "inspire, reassure and support people living with long-term health conditions to "
            "be active, through a national campaign and what local pilots learn.\n\n"
            "The pilot was meant to last a year. COVID-19 changed that: partners' capacity "
            "shrank, face-to-face work stopped, and Sport England agreed to extend it into "
            "spring 2022. In its last year the lead passed from primary care to BCVS, working "
            "as Bolsover Together, and a Strategic Steering Group of NHS, voluntary sector, "
            "public health and district council partners kept the work on course.\n\n"
            "The final phase concentrated on Shirebrook, one of the most deprived parts of "
            "the district. This report looks back over the whole pilot and sets out what "
            "partners in Bolsover and across Derbyshire can carry forward.",
            "Extending the pilot": "When primary care was reorganised and the NHS turned to "
            "the pandemic, the pilot could no longer be led from the GP federation. After a "
            "pause agreed with Sport England, BCVS stepped in as lead; agreeing the new "
            "contract took time, so the work did not fully restart until spring 2021.\n\n"
            "Governance was simplified at the same time. A wider partners group was tried, but "
            "it was hard to keep its momentum, so the Strategic Steering Group oversaw the rest "
            "of the pilot.",
            "Context": "Each Active Lives release has shown more adults in Bolsover inactive, "
            "and the district stays well above England. Regional insight points the same way: "
            "people in the most deprived neighbourhoods are far more likely to be inactive, "
            "and the risk grows for those who also live with a limiting illness or disability, "
            "are out of work, or belong to an ethnically diverse community.\n\n"
            "![Four things that, together with low income, go with the highest levels of "
            "inactivity: ethnic diversity, illness or disability, area deprivation and being "
            "out of work](images/four-characteristics.svg)\n\n"
            "The pandemic hit these same groups hardest. Deaths within 28 days of a positive "
            "test have been higher in Bolsover than in England.",
            "Impact of COVID-19": "Activity in Bolsover paused during the 2020 lockdowns, as "
            "it did in several pilot areas. Community services closed their doors or moved "
            "online, and primary care's time went first to the emergency and then to "
            "vaccination. Bolsover Together promoted the benefits of being active at "
            "vaccination sites through the Community Champions scheme, but most planned "
            "engagement had to wait.",
            "Community survey": "To learn what stops Shirebrook residents being more active, "
            "partners ran a survey through community groups from November 2021 to March "
            "2022, in English, "
            "Polish and Romanian. The translations mattered: nearly one reply in five came "
            "from the Polish and Romanian communities, many of whom work in the town's "
            "warehouses. What people told us has been shared with the largest employer, whose "
            "interest is in workplace wellbeing.",
            "Working with the Polish and Romanian communities": "Residents asked for materials "
            "they could share with relatives, so the leaflets carry both languages side by "
            "side. The NG20 project team, who support Eastern European residents, were trained "
            "in Healthy Chats and now raise activity in their own conversations.",
            "Workforce development": "Training the people who already talk to residents was "
            "the pilot's strongest strand. A physiotherapist-led Healthy Chats programme "
            "trained social prescribers, community and care staff, NG20 key workers and the "
            "tutors of young people who have struggled at school, all online because of the "
            "pandemic, and a Polish-language course ran alongside it. Participants rated their "
            "confidence before and after each course, and a follow-up after each course lets "
            "them share what they have tried since.",
            "Partners": "The Strategic Steering Group brought the district's main partners to "
            "one table, and the NE Derbyshire and Bolsover Place Alliance gave the work a home "
            "in the wider health and care system: its physical activity subgroup now treats "
            "activity as everyone's business rather than one partner's project.",
            "Case study: the Tuesday walk": "A resident with a long-term back condition joined "
            "the Tuesday walk after a Healthy Chat at the GP surgery. Three months on, she leads "
            "the walk when the volunteer is away.",
            "What worked": "Working through people residents already trust. Social prescribers "
            "added activity to their conversations; translated surveys and a Polish-language "
            "Healthy Chats course (Zdrowe rozmowy) reached residents that English-only "
            "materials had missed; and moving the lead to the voluntary sector gave the pilot "
            "focus, and made the sector an equal partner. A Romanian welcome sheet "
            "(Bine ați venit) brought the first Romanian-speaking families to the Tuesday walk.",
            "Challenges": "Recruiting Romanian-speaking tutors took longer than planned, so the "
            "Romanian-language Healthy Chats course moves to the next phase.\n\n"
            "Some partners came to early meetings for the funding and drifted away when it was "
            "not theirs to spend. Working by co-design, without a dedicated officer, was fair "
            "but slow. And the established route into Shirebrook's community needed more time "
            "than the pilot had left.",
            "Legacy": "Walking is now part of social prescribing in Shirebrook, and the district "
            "council is agreeing a legacy plan to keep the translated materials "
            "going. The Place Alliance's "
            "physical activity subgroup will carry the work on, with the voluntary sector and "
            "residents' own voices in its decisions.",
            "Recommendations": "Some of the actions below could be done in three to six "
            "months; others will take years to show their effect.",
        },
    },
    ("bucks-mk", "2017-18"): {
        "title": "Sport, activity and mental wellbeing: a system impact story, year one",
        "summary": "How Leap put physical activity and sport on the agenda of the emotional and "
        "mental wellbeing system in Buckinghamshire and Milton Keynes.",
        "sections": {
            "Introduction": "Leap, the Active Partnership for Buckinghamshire and Milton "
            "Keynes, set out to show that sport and physical activity belong in the local "
            "emotional and mental wellbeing system, and to bring the partners who run that "
            "system together with the clubs and coaches who could help.",
            "Key milestones": "A year from choosing the challenge to winning national "
            "investment for it.",
            "Strategic impact": "Leap brought together clubs, coaches and health "
            "partners. Coaches told us the workshops changed how they talk about mental "
            "wellbeing.",
            "Challenges": "The clinical commissioning group joined later than the clubs, "
            "and its priorities differed.",
            "What we will test next": "Workshops for club volunteers as well as coaches.",
        },
    },
    ("bucks-mk", "2018-19"): {
        "title": "Sport, activity and mental wellbeing: a system impact story",
        "summary": "How Leap used insight and national opportunity to bring physical activity "
        "into the emotional and mental wellbeing system of Buckinghamshire and Milton Keynes, "
        "August 2017 to April 2019.",
        "sections": {
            "Introduction": "Leap, the Active Partnership for Buckinghamshire and Milton "
            "Keynes, has worked in two directions at once. It used national insight and "
            "opportunities to persuade strategic partners to open doors and budgets, and it "
            "introduced clubs, coaches and delivery partners to the services and people they "
            "could work with, so that what is on offer locally changes too.",
            "Context": "Mental wellbeing is one of four challenges in Leap's 2018-22 "
            "strategic framework where physical activity and sport can make a difference. It "
            "matters to partners as well: it appears in the plans of most of the organisations "
            "Leap mapped as key stakeholders. Local figures make the case sharply, from higher "
            "than average anxiety in parts of Buckinghamshire to a steep rise in hospital "
            "admissions for self-harm among young people in Milton Keynes.",
            "Key milestones": "From choosing the challenge to writing it into the county's "
            "plans took under two years. The first year's milestones are in the year-one "
            "story; these are this year's.",
            "System map and narrative": "Leap mapped the stakeholders for this challenge, "
            "scoring each for how relevant and influential it is and how well Leap works with "
            "it, and added what partners said in a survey. That told the team where to spend "
            "its time.\n\n"
            "![A map of the system: Leap at the centre, with the county council, public "
            "health, the clinical commissioning group and Mind closest, and clubs, the county "
            "FA, Milton Keynes Council and the university further out](images/system-map.svg)",
            "Strategic impact": "### Insight\n\n"
            "National evidence about mental ill health, with local figures where they exist, "
            "and evidence about what activity does for wellbeing, reached partners who had "
            "never seen sport as part of the answer: at a themed partner forum and in "
            "one-to-one conversations.\n\n"
            "### Advocacy, policy and investment\n\n"
            "Mental health featured in most key partners' strategies, so there was backing "
            "from boards down to officers. Leap's existing relationships with the county "
            "council and the local Mind charities led to working together, and this year "
            "brought public health in too.\n\n"
            "Advocacy unlocked investment: national funding for a mental health and sport "
            "programme, public health money for more training, and a charity grant that gives "
            "people with serious mental illness a way to keep going once the programme ends. "
            "For the first time, a mental health trust's actions are in the county physical "
            "activity plan, and it now has a seat at the strategy group.",
            "Funding levered in": "Every bid here was made with partners, not by Leap "
            "alone; the public health contribution to training was in kind and is not "
            "costed.",
            "Workforce development": "Upskilling the workforce is at the heart of Leap's "
            "plan. Coaches, instructors and other professionals took part in mental health "
            "awareness workshops, and the workshops opened to club volunteers this year.",
            "Case study: a club that changed": "A football club that sent coaches to the "
            "first workshop now has a wellbeing lead and a quiet space on match days.",
            "Challenges": "Milton Keynes has been harder. It looks more to Bedfordshire than "
            "to Buckinghamshire, and a second bid for the national programme there, led by "
            "the football club's trust and the local Mind, was unsuccessful. Advocacy "
            "continues, with a bid to a local community foundation.",
            "Key success factors": "- The need, and the evidence for it, tied to partners' "
            "own strategic outcomes.\n"
            "- A clear picture of the stakeholders that matter, from team and board mapping.\n"
            "- Persistence, by every route: emails, lunches, networks and forums.\n"
            "- Influencing led by strategy, bringing partners to shared aims and joint bids.\n"
            "- A tested solution ready when national investment came.",
            "Legacy": "Mental wellbeing is now a standing item at the county's physical "
            "activity partnership.",
            "Recommendations": "What Leap would do again, and do differently, in the next "
            "challenge:",
        },
    },
    ("sheffield", "2021-h2"): {
        "title": "Move More Empowered Communities: six-month report (July to December 2021)",
        "summary": "What we have learned, and what has changed, in six months of working with "
        "community organisations across Sheffield to make moving more part of everyday "
        "life.",
        "sections": {
            "": "Move More Empowered Communities works with community organisations across "
            "Sheffield to find out what helps people be active where they live, and to back "
            "the groups who know their communities best, building on what is already strong "
            "rather than starting from scratch. The health and wellbeing team at Voluntary "
            "Action Sheffield coordinates it with Sport England, the National Centre for Sport "
            "and Exercise Medicine and Move More partners.",
            "Key achievements": "These are the things that moved us furthest towards our aims "
            "in the last six months.\n\n"
            "### Activities across the city\n\n"
            "Twelve organisations ran activities with their pots, from bird watching walks "
            "and chair yoga to walking football and family play.\n\n"
            "### Talking regularly with each group\n\n"
            "We now have a routine of checking in with every organisation: celebrating what "
            "works, helping with what does not, and picking out what helps an activity grow. "
            "This is now most of the coordinator's job.\n\n"
            "### Seeing the work for ourselves\n\n"
            "Visiting groups on their own premises and at their sessions has given us a real "
            "feel for the work, and better relationships with the people doing it.\n\n"
            "### Making connections\n\n"
            "Slowly, we are linking groups with each other and with training and funds. Two "
            "organisations are now planning an outdoor confidence session together.",
            "Challenges": "### Still working on our own\n\n"
            "This work still feels apart from the rest of Move More. Conversations tend to "
            "stay on individual projects rather than the aims and problems we share.\n\n"
            "### Learning that stays with us\n\n"
            "We are learning a lot, but most of it stays with the team. Some groups also "
            "found the monitoring form hard to fill in.",
            "What we will test next": "- A one-page application for the next round of "
            "pots.\n"
            "- A learning circle every quarter, where groups hear from each other first "
            "hand.\n"
            "- More case studies, to show what happens on the ground.",
        },
    },
    ("sheffield", "2022-h1"): {
        "title": "Move More Empowered Communities: twelve-month report",
        "summary": "A year on: what trusted local groups have shown us about helping people "
        "who would never go to a leisure centre to move more.",
        "sections": {
            "": "Move More Empowered Communities backs community organisations across "
            "Sheffield to help people be active where they live. This report covers its "
            "second six months, when a second round of activation pots brought the number of "
            "funded groups to sixteen.",
            "Key achievements": "### Activities run by trusted groups\n\n"
            "Activities run by trusted local groups brought in people who would not go to a "
            "leisure centre: a women's dance group, badminton at a community association, "
            "seated exercise at a lunch club.\n\n"
            "### The activation pot\n\n"
            "Through our regular conversations we spot chances for a group to grow or try "
            "something new, and the pot lets us say yes quickly: a counselling service is "
            "training its staff to lead health walks, and a women's group is trying climbing "
            "and abseiling.\n\n"
            "### Learning together\n\n"
            "Smaller themed learning circles, on isolated men, vulnerable women and bringing "
            "ethnic minority communities into green spaces, showed what made things work, "
            "and where to go next.",
            "Case study: dance for health": "A women's dance group started small "
            "and now meets every fortnight.",
            "Challenges": "### Six months is short\n\n"
            "Six-month pots ended just as trust had been built.\n\n"
            "### Sharing at scale\n\n"
            "Groups want to learn from each other beyond one-to-one introductions, and we "
            "have not yet found a way to do that across the whole city.",
            "What we will test next": "- Twelve-month pots for the groups that want them.\n"
            "- A 'one year on' event where every group shares what it has done, led by the "
            "groups themselves.\n"
            "- Investing more where things are working, so good ideas can run for longer.\n"
            "- Looking at who we have not reached yet, and working with those communities.",
        },
    },
}


def narrative(area: str, period: str) -> dict:
    return NARRATIVES[(area, period)]
