"""Demo data: a realistic city federation (安庆市总工会) built from a seed.

Not a Django app. ``builder.build_demo`` plans everything in plain Python (``plan_units``,
``plan_people``), deterministic for a seed, then writes it in bulk (``writer``). The
``demo_data`` management command and ``gonghui demo`` call it; ``logins`` makes the demo
accounts and prints them.
"""
