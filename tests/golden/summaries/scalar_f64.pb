

lossлкк>