"""The public site around every page: header, navigation, search box, footer, 长辈版, 网站地图 and error pages.

Templates: ``gk_wagtail/site/`` (the shell's includes) and ``404.html``/``500.html`` at the
templates root; styles: ``gk_wagtail/css/site.css``. See docs/site.md.
"""
