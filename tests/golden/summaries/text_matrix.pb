
1
notes_1BBaBbbBcccBéJ

text