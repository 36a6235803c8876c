"""nbgrader's settings for every user of the hub image (course/hub/Dockerfile).

One course per hub: set the course id of the language you teach (dprk_troops_nl or
dprk_troops_en). The exchange is a folder every user can write, on a shared volume.
"""

c = get_config()  # noqa: F821 (nbgrader defines it)
c.CourseDirectory.course_id = "dprk_troops_nl"
c.Exchange.root = "/srv/nbgrader/exchange"
