"""Names and words for the demo data: British forenames and surnames from a range of backgrounds,
and the short phrases staff write in concerns and conversations. Invented people only."""

from __future__ import annotations

FORENAMES_F = [
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
    "Grace", "Freya", "Willow", "Evie", "Ella", "Poppy", "Emily", "Daisy", "Phoebe", "Sienna",
    "Aisha", "Zara", "Maryam", "Fatima", "Amara", "Priya", "Anaya", "Chloe", "Ruby", "Hannah",
    "Niamh", "Erin", "Megan", "Seren", "Harper", "Matilda", "Elsie", "Florence", "Maya", "Esme",
    "Layla", "Imogen", "Jessica", "Katherine", "Elizabeth", "Abigail", "Leah", "Zainab", "Aaliyah", "Nia",
]
FORENAMES_M = [
    "Oliver", "George", "Noah", "Arthur", "Leo", "Muhammad", "Harry", "Oscar", "Archie", "Henry",
    "Theodore", "Freddie", "Jack", "Charlie", "Finley", "Alfie", "Jacob", "Thomas", "William", "Joshua",
    "Samuel", "Alexander", "Daniel", "Reuben", "Ethan", "Mason", "Rory", "Callum", "Dylan", "Kai",
    "Ibrahim", "Yusuf", "Arjun", "Rohan", "Kacper", "Jakub", "Tomasz", "Oluwaseun", "Kwame", "Tyler",
    "Logan", "Lewis", "Owen", "Rhys", "Jayden", "Zachary", "Benjamin", "Edward", "Louis", "Stanley",
]
SURNAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
    "Patel", "Khan", "Ali", "Hussain", "Begum", "Singh", "Kaur", "Ahmed", "Shah", "Chowdhury",
    "Lewis", "Harris", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee",
    "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
    "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson",
    "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Begg", "Marshall",
    "Nowak", "Kowalski", "Okafor", "Adeyemi", "Mensah", "Osei", "Nguyen", "Chen", "Rahman", "Islam",
    "O'Brien", "McDonald", "Fraser", "Campbell", "Stewart", "Hughes", "Edwards", "Turner", "Hughes-Lloyd", "Fletcher",
]
MIDDLE_NAMES = ["James", "Rose", "Grace", "John", "Marie", "Lee", "Mae", "Ali", "Elizabeth", "Thomas", "Jane", "David"]
# Formal name: the name the pupil goes by (preferred forename).
PREFERRED = {
    "Alexander": "Alex", "Katherine": "Kate", "Elizabeth": "Lizzie", "Thomas": "Tom", "William": "Will",
    "Joshua": "Josh", "Samuel": "Sam", "Oluwaseun": "Seun", "Benjamin": "Ben", "Theodore": "Teddy",
    "Abigail": "Abbie", "Zachary": "Zac", "Edward": "Ted", "Isabella": "Bella",
}
ADULT_FORENAMES = [
    "Claire", "Sarah", "Emma", "Rachel", "Nadia", "Joanne", "Helen", "Aisha", "Priya", "Agnieszka", "Funmi", "Lucy",
    "Mark", "David", "Gareth", "Imran", "Paul", "Michael", "Rajesh", "Kevin", "Tunde", "Stuart", "Piotr", "Andrew",
]

# What staff notice, by broad area (for concerns).
NOTICED = {
    "Social, emotional and mental health": [
        "Very anxious at the start of the day: will not come into class and hides in the cloakroom.",
        "Outbursts after lunch most days; says the dining hall is 'too loud'.",
        "Withdrawn since half term; sits alone at break and has stopped putting a hand up.",
    ],
    "Communication and interaction": [
        "Struggles to follow instructions given to the whole class; watches and copies others.",
        "Speech is hard to understand and other children are starting to leave them out of games.",
        "Finds changes to the routine very hard; upset for the rest of the morning after a supply teacher.",
    ],
    "Cognition and learning": [
        "Reading is well behind peers despite daily catch-up phonics; guesses words from the first letter.",
        "Cannot recall number facts practised the week before; loses track of multi-step tasks.",
        "Written work is much weaker than what they can tell you; spelling is very inconsistent.",
    ],
    "Sensory and/or physical": [
        "Squints at the board and moves closer; complains of headaches by the afternoon.",
        "Tires quickly: handwriting falls apart after ten minutes and they ask to rest in PE.",
        "Often mishears instructions in the hall and on the playground; fine in a quiet room.",
    ],
}
WHERE_WHEN = [
    "Mornings, especially Mondays and after holidays.",
    "In whole-class teaching and independent writing.",
    "Lunchtime and the dining room.",
    "Maths lessons; less so in practical subjects.",
    "Transitions between lessons and at the end of break.",
    "Afternoons, after lunch.",
]
CONCERN_NOTES = [
    "Spoke to mum at pick-up: similar at home, worse when tired.",
    "Observed in maths: needed three prompts to start; fine with a visual checklist.",
    "Reading age assessed at two years below chronological age.",
    "Tried a movement break before lessons for two weeks: some improvement.",
    "Attendance this term is 89%; most absences are Mondays.",
    "Dad says sleep has been poor since the summer.",
]
SUPPORT_DECISION_NOTES = [
    "Difficulties persist despite adjustments in class: start SEN Support with a plan reviewed each term. Parents agree.",
    "Evidence gathered over six weeks shows less than expected progress: SEN Support from now, with a small-group intervention.",
]
NO_ACTION_NOTES = [
    "Resolved with a seating change and a visual timetable: good teaching meets the need. Parents informed.",
    "Short-lived after a family bereavement; now settled. No further action; teacher to raise again if it returns.",
]
START_SUPPORT_SUMMARIES = [
    "Shared what we have noticed and the evidence gathered. Agreed to start SEN Support with a plan and review in a term.",
    "Explained SEN Support and the graduated approach; agreed the first outcomes and a review date.",
]
PARENT_VIEWS = [
    "Relieved that school has noticed; would like weekly updates in the home-school book.",
    "Agrees with the plan; worried about friendships and would like a named adult at lunchtime.",
    "Happy to go ahead; asks that homework is shortened while the plan starts.",
    "",
]
