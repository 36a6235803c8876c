"""What a reader sees: charts (altair) and how a notebook shows them, reader tables,
number formats, parameters in words, recorded results, the Lab panels and their colours.

``views`` composes each notebook's tables, readouts and charts from its definition
(``workbook``) and the models; the notebooks call these, and so do the report's pages,
the dashboard and the course.
"""
